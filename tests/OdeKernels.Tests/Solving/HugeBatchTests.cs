using System;
using OdeKernels.Solving;
using OdeKernels.Tests.Adjoints;

namespace OdeKernels.Tests.Solving;

/// <summary>
/// Batches whose buffers cannot fit in one array are refused before anything is allocated, with an
/// <see cref="ArgumentException"/> that names the parameter, the limit and the size asked for (in long arithmetic: an
/// int product would wrap and fail later as an overflow or a "destination too short"). None of these tests allocates
/// more than a few megabytes.
/// </summary>
public sealed class HugeBatchTests
{
    private const string Limit = "2,147,483,591";

    private static TableauInfo Info<TTableau>()
        where TTableau : struct, IRungeKuttaTableau => TTableau.Info;

    [Fact]
    public void TheIssuesStageBufferOf310MillionValuesIsRefusedNamingY0()
    {
        // 3.1e8 values × 7 Tsit5 stages = 2.17e9 > Array.MaxLength: the workspace constructor used to overflow.
        var ex = Assert.Throws<ArgumentException>(() => InputValidation.CheckSolveSizes(1, 310_000_000, 2, Info<Tsit5>()));
        Assert.Equal("y0", ex.ParamName);
        Assert.Contains("2,170,000,000", ex.Message);
        Assert.Contains(Limit, ex.Message);
        Assert.Contains("Tsit5", ex.Message);
        Assert.Contains("at most 306,783,370 lanes", ex.Message);
    }

    [Fact]
    public void TheIssuesSolutionOf220MillionValuesAt20SavesIsRefusedNamingSaveAt()
    {
        // 20 saves × 2.2e8 values = 4.4e9, which wrapped to a short solution array ("destination too short").
        var ex = Assert.Throws<ArgumentException>(() => InputValidation.CheckSolveSizes(2, 220_000_000, 20, Info<Bosh3>()));
        Assert.Equal("saveAt", ex.ParamName);
        Assert.Contains("4,400,000,000", ex.Message);
        Assert.Contains(Limit, ex.Message);
        Assert.Contains("20 × 110,000,000 × 2", ex.Message);
    }

    [Fact]
    public void BatchesJustUnderTheLimitsPass()
    {
        long lanes = 2147483591 / 7;
        InputValidation.CheckSolveSizes(1, (int)lanes, 1, Info<Tsit5>());
        InputValidation.CheckSolveSizes(1, (int)lanes, 7, Info<Tsit5>());
        var ex = Assert.Throws<ArgumentException>(() => InputValidation.CheckSolveSizes(1, (int)lanes + 1, 7, Info<Tsit5>()));
        Assert.Equal("saveAt", ex.ParamName);
    }

    [Fact]
    public void OneStageMethodsCountTheBackwardSegmentsTwoSaves()
    {
        // Euler keeps one stage, but a Backsolve segment's solution holds two saves of the augmented state.
        int lanes = (int)(2147483591 / 2 / 2) + 1;
        InputValidation.CheckGradientSizes(1, 0, lanes, batched: true, AdjointMethod.Direct, Info<Euler>());
        var ex = Assert.Throws<ArgumentException>(() => InputValidation.CheckGradientSizes(1, 0, lanes, batched: true, AdjointMethod.Backsolve, Info<Euler>()));
        Assert.Equal("y0", ex.ParamName);
        Assert.Contains("2 × StateSize", ex.Message);
    }

    [Fact]
    public void ASolveWithTooManySaveTimesFailsUpFrontNamingSaveAt()
    {
        // 1,000 lanes × 2 components × 1.1 million float save times: 2.2e9 values (the save times themselves are 4.4 MB).
        float[] y0 = new float[2000];
        y0.AsSpan().Fill(1f);
        float[] saveAt = Times(1_100_000);
        var ex = Assert.Throws<ArgumentException>(() => Ode.Solve(new Rotation2(), new Tsit5(), y0, saveAt));
        Assert.Equal("saveAt", ex.ParamName);
        Assert.Contains("2,200,000,000", ex.Message);
        Assert.Contains(Limit, ex.Message);
        Assert.Contains("1,100,000 × 1,000 × 2", ex.Message);
    }

    [Theory]
    [InlineData(AdjointMethod.Direct)]
    [InlineData(AdjointMethod.Checkpointed)]
    [InlineData(AdjointMethod.Backsolve)]
    public void AGradientWithTooManySaveTimesFailsUpFrontNamingSaveAt(AdjointMethod method)
    {
        double[] y0 = new double[2000];
        y0.AsSpan().Fill(1.0);
        double[] saveAt = [.. Array.ConvertAll(Times(1_100_000), t => (double)t)];
        int lossCalls = 0;
        var ex = Assert.Throws<ArgumentException>(() =>
            Ode.Gradient(new BatchedLotkaVolterra(), new Tsit5(), y0, saveAt, (_, _) => ++lossCalls, null, method));
        Assert.Equal("saveAt", ex.ParamName);
        Assert.Contains("2,200,000,000", ex.Message);
        Assert.Equal(0, lossCalls);
    }

    [Fact]
    public void ABacksolveGradientWhoseAugmentedStateIsTooLargeFailsUpFrontNamingY0()
    {
        // A hand-written system carries a_θ in the backward state: 400 lanes × (2 + 1,000,000) × 7 stages > Array.MaxLength,
        // though the forward solve (400 × 1 × 7) is tiny.
        var system = new ManyParameters(1_000_000);
        double[] y0 = new double[400];
        y0.AsSpan().Fill(1.0);
        var ex = Assert.Throws<ArgumentException>(() =>
            Ode.Gradient(system, new Tsit5(), y0, [0.0, 1.0], (_, _) => throw new InvalidOperationException("no solve may run"), null, AdjointMethod.Backsolve));
        Assert.Equal("y0", ex.ParamName);
        Assert.Contains("Backsolve", ex.Message);
        Assert.Contains("ParameterCount", ex.Message);
        Assert.Contains("2,800,005,600", ex.Message);
        Assert.Contains("at most 306 lanes", ex.Message);
    }

    [Fact]
    public void OutOfMemoryIsRethrownNamingTheBytesNeeded()
    {
        // A terabyte: more than any test machine has, so the runtime refuses it at once (nothing is touched).
        var ex = Assert.Throws<OutOfMemoryException>(() => BufferLimits.Allocate<Kilobyte>(1_000_000_000, "the test buffer"));
        Assert.Contains("1,024,000,000,000 bytes", ex.Message);
        Assert.Contains("the test buffer", ex.Message);
        Assert.IsType<OutOfMemoryException>(ex.InnerException);
    }

    private static float[] Times(int count)
    {
        var times = new float[count];
        for (int j = 0; j < count; j++)
        {
            times[j] = j; // exact in float below 2^24
        }

        return times;
    }

    [System.Runtime.CompilerServices.InlineArray(1024)]
    private struct Kilobyte
    {
        private byte _first;
    }

    /// <summary>(x, y)' = (−y, x) in float.</summary>
    private readonly struct Rotation2 : IOdeSystem<float>
    {
        public int StateSize => 2;

        public void Evaluate(float t, ReadOnlySpan<float> y, Span<float> dydt)
        {
            dydt[0] = -y[1];
            dydt[1] = y[0];
        }
    }

    /// <summary>y' = −y with many (unused) parameters: its Backsolve state is 2 + ParameterCount wide per lane.</summary>
    private sealed class ManyParameters(int count) : IDifferentiableSystem<double>
    {
        private readonly double[] _theta = new double[count];

        public int StateSize => 1;

        public int ParameterCount => _theta.Length;

        public Span<double> Parameters => _theta;

        public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt) => dydt[0] = -y[0];

        public void Vjp(double t, ReadOnlySpan<double> y, ReadOnlySpan<double> a, Span<double> dy, Span<double> dtheta) => dy[0] -= a[0];
    }
}
