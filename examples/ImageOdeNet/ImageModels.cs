using System;
using System.Collections.Generic;
using OdeKernels.Models;

namespace OdeKernels.Examples.ImageOdeNet;

/// <summary>The models the example trains, by name; each starts from the run's seed.</summary>
internal static class ImageModels
{
    /// <summary>The models, in table order: Chen et al.'s four rows.</summary>
    public static readonly IReadOnlyList<string> Names = ["mlp", "resnet", "rknet", "odenet"];

    /// <summary>A fresh model.</summary>
    /// <param name="name">One of <see cref="Names"/>.</param>
    /// <param name="s">The run's settings (seed, solver of each ODE model).</param>
    public static IImageModel Create(string name, ImageSettings s)
    {
        int seed = unchecked((int)s.Seed);
        return name switch
        {
            "mlp" => new NetworkImageModel<Mlp>("mlp", "MLP (1 hidden layer)", ImageInput.FullImage, new Mlp(seed)),
            "resnet" => new NetworkImageModel<DenseResNet>("resnet", "ResNet, 6 blocks (dense interim)", ImageInput.Downsampled, new DenseResNet(seed)),
            "rknet" => new OdeImageModel<DenseStem, DenseField, Rk4, DenseHead>(
                "rknet", "RK-Net (dense interim)", ImageInput.Downsampled,
                DenseBlock<Rk4>(seed, new OdeBlockOptions { Solver = TestSolver.Rk4(s.RkStep).Options, Adjoint = AdjointMethod.Direct })),
            "odenet" => new OdeImageModel<DenseStem, DenseField, Dopri5, DenseHead>(
                "odenet", "ODE-Net (dense interim)", ImageInput.Downsampled,
                DenseBlock<Dopri5>(seed, new OdeBlockOptions { Solver = TestSolver.Dopri5(s.Tolerance).Options, Adjoint = AdjointMethod.Backsolve })),
            _ => throw new ArgumentException($"name must be one of {string.Join(", ", Names)}, but it is '{name}'.", nameof(name)),
        };
    }

    /// <summary>The dense interim ODE model: stem → ODE block over [0, 1] → head (RK-Net and ODE-Net differ only in solver and adjoint).</summary>
    private static OdeModel<DenseStem, DenseField, TTableau, DenseHead, float> DenseBlock<TTableau>(int seed, OdeBlockOptions options)
        where TTableau : struct, IRungeKuttaTableau =>
        new(new DenseStem(seed), new DenseField(seed + 1), new DenseHead(seed + 2), options);
}

/// <summary>A plain network (no ODE block).</summary>
internal sealed class NetworkImageModel<TNetwork>(string name, string label, ImageInput input, TNetwork network) : IImageModel
    where TNetwork : INetwork<float>
{
    public string Name => name;

    public string Label => label;

    public ImageInput Input => input;

    public INetwork<float> Network => network;

    public double? ForwardNfePerSample(int count) => null;
}

/// <summary>A stem → ODE block → head model with a fixed Runge-Kutta method for training (the dense interim parts today, the conv parts at their merge).</summary>
internal sealed class OdeImageModel<TStem, TField, TTableau, THead>(string name, string label, ImageInput input, OdeModel<TStem, TField, TTableau, THead, float> model) : IOdeImageModel
    where TStem : INetwork<float>
    where TField : IDifferentiableSystem<float>
    where TTableau : struct, IRungeKuttaTableau
    where THead : INetwork<float>
{
    public string Name => name;

    public string Label => label;

    public ImageInput Input => input;

    public INetwork<float> Network => model;

    public double? ForwardNfePerSample(int count) => count == 0 ? 0 : (double)model.ForwardStats.Evaluations / count;

    public double Forward(TestSolver solver, ReadOnlySpan<float> x, Span<float> y, int count)
    {
        SolverStats stats = solver.Method switch
        {
            "Dopri5" => model.Forward<Dopri5>(x, y, count, solver.Options),
            "Tsit5" => model.Forward<Tsit5>(x, y, count, solver.Options),
            "Rk4" => model.Forward<Rk4>(x, y, count, solver.Options),
            "Euler" => model.Forward<Euler>(x, y, count, solver.Options),
            _ => throw new ArgumentException($"solver.Method must be Dopri5, Tsit5, Rk4 or Euler, but it is '{solver.Method}'.", nameof(solver)),
        };
        return (double)stats.Evaluations / count;
    }
}
