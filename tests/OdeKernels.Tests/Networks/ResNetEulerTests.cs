using System;
using OdeKernels;

namespace OdeKernels.Tests.Networks;

/// <summary>
/// A residual network of N blocks y ↦ y + f(y) with shared weights is the explicit Euler method with step 1 on [0, N]
/// for dy/dt = f(y) (E, 2017; Chen et al., 2018, §1). The equality is bitwise, in float and in double: the block and
/// the dynamics network evaluate f with the same generated layer code (same operations in the same order, lane by lane,
/// in the same vector width), and Euler's update y + h·(1·k) with h = 1 and b₁ = 1 multiplies by exactly 1, so it adds
/// the very same f(y) to the very same y. The times 0, 1, …, N are exact, so no step is shortened.
/// </summary>
public sealed class ResNetEulerTests
{
    private const int Blocks = 4;

    [Fact]
    public void ResidualBlocksWithSharedWeightsAreEulerSteps_Double()
    {
        var field = new BlockField64(seed: 21);
        var resnet = new EulerResNet64(Tile(field.Parameters, Blocks));
        var random = new Random(8);
        const int Count = 29;
        double[] x = NetworkTestData.Uniform(random, Count * 2, 1.5);
        var y = new double[x.Length];
        resnet.Forward(x, y, Count);

        Solution<double> euler = Ode.Solve(field, new Euler(), x, [0.0, Blocks], new SolverOptions { FixedStep = 1.0 });
        Assert.Equal(y, euler.States.Slice(Count * 2).ToArray());
        Assert.Equal(Blocks * Count, euler.Stats.Evaluations);
    }

    [Fact]
    public void ResidualBlocksWithSharedWeightsAreEulerSteps_Float()
    {
        var field = new BlockField(seed: 22);
        var resnet = new EulerResNet(Tile(field.Parameters, Blocks));
        var random = new Random(9);
        const int Count = 35;
        float[] x = NetworkTestData.UniformSingle(random, Count * 2, 1.5);
        var y = new float[x.Length];
        resnet.Forward(x, y, Count);

        Solution<float> euler = Ode.Solve(field, new Euler(), x, [0f, Blocks], new SolverOptions { FixedStep = 1.0 });
        Assert.Equal(y, euler.States.Slice(Count * 2).ToArray());
    }

    [Fact]
    public void ResNetGradientIsTheDiscreteAdjointOfEuler()
    {
        // The VJP through the blocks is reverse mode through the Euler steps: the discrete adjoint (Direct) of the
        // solve. Its input gradient matches dL/dy0 to rounding, and the shared weights' gradient is the sum of the
        // blocks' gradients.
        var field = new BlockField64(seed: 23);
        var resnet = new EulerResNet64(Tile(field.Parameters, Blocks));
        var random = new Random(10);
        const int Count = 6;
        double[] x = NetworkTestData.Uniform(random, Count * 2, 1.0);
        double[] a = NetworkTestData.Uniform(random, Count * 2, 1.0);
        var dx = new double[x.Length];
        var dtheta = new double[resnet.ParameterCount];
        resnet.Vjp(x, a, dx, dtheta, Count);

        var dLdY = new double[2 * Count * 2];
        a.CopyTo(dLdY, Count * 2);
        Gradient<double> gradient = Ode.Gradient(field, new Euler(), x, [0.0, Blocks], dLdY, new SolverOptions { FixedStep = 1.0 }, AdjointMethod.Direct);
        NetworkTestData.AssertClose(gradient.InitialState, dx, 1e-13, "dL/dy0");
        var shared = new double[field.ParameterCount];
        for (int b = 0; b < Blocks; b++)
        {
            for (int q = 0; q < shared.Length; q++)
            {
                shared[q] += dtheta[(b * shared.Length) + q];
            }
        }

        NetworkTestData.AssertClose(gradient.Parameters, shared, 1e-12, "dL/dθ");
    }

    private static T[] Tile<T>(ReadOnlySpan<T> parameters, int times)
    {
        var tiled = new T[parameters.Length * times];
        for (int b = 0; b < times; b++)
        {
            parameters.CopyTo(tiled.AsSpan(b * parameters.Length));
        }

        return tiled;
    }
}
