using System;
using System.Numerics;
using OdeKernels;
using OdeKernels.Flows;
using OdeKernels.Tests.Dynamics;
using static OdeKernels.Tests.Dynamics.DynamicsBatchTests;

namespace OdeKernels.Tests.Divergence;

/// <summary>
/// <see cref="IDivergenceSystem{T}.EvaluateWithDivergenceAndVjpBatch"/> is what its two halves compute: the generated
/// one-pass kernel gives f and the divergence of <see cref="IDivergenceSystem{T}.EvaluateWithDivergenceBatch"/> and
/// the state and parameter cotangents of <see cref="IDivergenceSystem{T}.DivergenceVjpBatch"/> bit for bit, for every
/// batch size 1..40 (every remainder of a tile), with one or both gradients wanted or neither; and the flow's
/// augmented system, which routes the continuous adjoint's backward stages through it, still gives
/// <see cref="AugmentedSystem{TDynamics, T}.EvaluateBatch"/> then <see cref="AugmentedSystem{TDynamics, T}.VjpBatch"/>.
/// </summary>
public sealed class FusedDivergenceVjpTests
{
    private const int MaxCount = 40;

    [Theory]
    [MemberData(nameof(DivergenceTestData.DoubleNetworks), MemberType = typeof(DivergenceTestData))]
    public void Double_FusedEqualsItsHalvesBitwise(string name) => CheckHalves(DivergenceTestData.Double(name, seed: 3), seed: 81);

    [Theory]
    [MemberData(nameof(DivergenceTestData.FloatNetworks), MemberType = typeof(DivergenceTestData))]
    public void Float_FusedEqualsItsHalvesBitwise(string name) => CheckHalves(DivergenceTestData.Twins(name, seed: 3).Float, seed: 82);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AugmentedSystem_EvaluateAndVjpEqualsEvaluateThenVjp(bool kinetic)
    {
        // The exact flow takes the fused call; with the kinetic integral (whose cotangent of f needs f) it makes two.
        var system = new AugmentedSystem<DivergenceTime64, double>(new DivergenceTime64(seed: 4), new AugmentedTerms(KineticEnergy: kinetic));
        var random = new Random(83);
        int n = system.StateSize, count = 21, stride = 24;
        double[] t = DynamicsTestData.Uniform<double>(random, count, 1.0);
        double[] y = DynamicsTestData.Uniform<double>(random, n * stride, 2.0), a = DynamicsTestData.Uniform<double>(random, n * stride, 1.0);
        double[] f = new double[n * stride], dy = Filled(n * stride, 0.5), dtheta = Filled(system.ParameterCount, 0.25);
        double[] fRef = new double[n * stride], dyRef = Filled(n * stride, 0.5), dthetaRef = Filled(system.ParameterCount, 0.25);

        system.EvaluateAndVjpBatch(t, y, a, f, dy, dtheta, count, stride);
        system.EvaluateBatch(t, y, fRef, count, stride);
        system.VjpBatch(t, y, a, dyRef, dthetaRef, count, stride);

        for (int c = 0; c < n; c++)
        {
            for (int i = 0; i < count; i++)
            {
                int at = (c * stride) + i;
                Assert.True(Bits(f[at]) == Bits(fRef[at]), $"component {c}, lane {i}: f {f[at]} vs {fRef[at]}");
                Assert.True(Bits(dy[at]) == Bits(dyRef[at]), $"component {c}, lane {i}: dy {dy[at]} vs {dyRef[at]}");
            }
        }

        for (int q = 0; q < dtheta.Length; q++)
        {
            Assert.True(Bits(dtheta[q]) == Bits(dthetaRef[q]), $"parameter {q}: {dtheta[q]} vs {dthetaRef[q]}");
        }
    }

    private static void CheckHalves<T>(IDivergenceSystem<T> net, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        int n = net.StateSize, p = net.ParameterCount;
        for (int count = 1; count <= MaxCount; count++)
        {
            int stride = count + 3;
            T[] t = DynamicsTestData.Uniform<T>(random, count, 1.0);
            T[] y = DynamicsTestData.Uniform<T>(random, n * stride, 2.0), a = DynamicsTestData.Uniform<T>(random, n * stride, 1.0);
            T[] b = DynamicsTestData.Uniform<T>(random, count, 1.0);
            T[] fRef = Filled(n * stride, T.NaN), divergenceRef = Filled(count, T.NaN);
            T[] dyRef = Filled(n * stride, T.One), dthetaRef = Filled(p, T.One);
            net.EvaluateWithDivergenceBatch(t, y, fRef, divergenceRef, count, stride);
            net.DivergenceVjpBatch(t, y, a, b, dyRef, dthetaRef, count, stride);
            foreach ((bool wantDy, bool wantTheta) in new[] { (true, true), (true, false), (false, true), (false, false) })
            {
                T[] f = Filled(n * stride, T.NaN), divergence = Filled(count, T.NaN);
                T[] dy = Filled(n * stride, T.One), dtheta = Filled(p, T.One);
                net.EvaluateWithDivergenceAndVjpBatch(t, y, a, b, f, divergence, wantDy ? dy : Span<T>.Empty, wantTheta ? dtheta : Span<T>.Empty, count, stride);
                string where = $"count {count}, dy {wantDy}, dθ {wantTheta}";
                for (int i = 0; i < count; i++)
                {
                    Assert.True(Bits(divergence[i]) == Bits(divergenceRef[i]), $"{where}, lane {i}: divergence {divergence[i]} vs {divergenceRef[i]}");
                    for (int c = 0; c < n; c++)
                    {
                        int at = (c * stride) + i;
                        Assert.True(Bits(f[at]) == Bits(fRef[at]), $"{where}, lane {i}, component {c}: f");
                        Assert.True(Bits(dy[at]) == Bits(wantDy ? dyRef[at] : T.One), $"{where}, lane {i}, component {c}: dy");
                    }
                }

                for (int q = 0; q < p; q++)
                {
                    Assert.True(Bits(dtheta[q]) == Bits(wantTheta ? dthetaRef[q] : T.One), $"{where}, parameter {q}: dθ {dtheta[q]} vs {dthetaRef[q]}");
                }
            }
        }
    }
}
