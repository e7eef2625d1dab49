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
    /// <param name="s">The run's settings (seed, width of the conv models, solver of each ODE model).</param>
    public static IImageModel Create(string name, ImageSettings s)
    {
        int seed = unchecked((int)s.Seed);
        var rk = new OdeBlockOptions { Solver = TestSolver.Rk4(s.RkStep).Options with { MaxDegreeOfParallelism = s.Threads }, Adjoint = AdjointMethod.Direct };
        var adaptive = new OdeBlockOptions { Solver = TestSolver.Dopri5(s.Tolerance).Options with { MaxDegreeOfParallelism = s.Threads }, Adjoint = AdjointMethod.Backsolve };
        return (name, s.Channels) switch
        {
            ("mlp", _) => new NetworkImageModel<Mlp>("mlp", "MLP (1 hidden layer)", new Mlp(seed)),
            ("resnet", 16) => new NetworkImageModel<ConvResNet16>("resnet", "ResNet, 6 blocks", new ConvResNet16(seed)),
            ("resnet", 64) => new NetworkImageModel<ConvResNet64>("resnet", "ResNet, 6 blocks", new ConvResNet64(seed)),
            ("rknet", 16) => new OdeImageModel<ConvStem16, ConvField16, Rk4, ConvHead16>("rknet", "RK-Net", new(new ConvStem16(seed), new ConvField16(seed + 1), new ConvHead16(seed + 2), rk)),
            ("rknet", 64) => new OdeImageModel<ConvStem64, ConvField64, Rk4, ConvHead64>("rknet", "RK-Net", new(new ConvStem64(seed), new ConvField64(seed + 1), new ConvHead64(seed + 2), rk)),
            ("odenet", 16) => new OdeImageModel<ConvStem16, ConvField16, Dopri5, ConvHead16>("odenet", "ODE-Net", new(new ConvStem16(seed), new ConvField16(seed + 1), new ConvHead16(seed + 2), adaptive)),
            ("odenet", 64) => new OdeImageModel<ConvStem64, ConvField64, Dopri5, ConvHead64>("odenet", "ODE-Net", new(new ConvStem64(seed), new ConvField64(seed + 1), new ConvHead64(seed + 2), adaptive)),
            (_, 16 or 64) => throw new ArgumentException($"name must be one of {string.Join(", ", Names)}, but it is '{name}'.", nameof(name)),
            _ => throw new ArgumentException($"s.Channels must be one of {string.Join(", ", ImageShapes.Channels)}, but it is {s.Channels}.", nameof(s)),
        };
    }
}

/// <summary>A plain network (no ODE block).</summary>
internal sealed class NetworkImageModel<TNetwork>(string name, string label, TNetwork network) : IImageModel
    where TNetwork : INetwork<float>
{
    public string Name => name;

    public string Label => label;

    public INetwork<float> Network => network;

    public double? ForwardNfePerSample(int count) => null;
}

/// <summary>A stem → ODE block over [0, 1] → head model; RK-Net and ODE-Net differ only in the training solver and adjoint.</summary>
internal sealed class OdeImageModel<TStem, TField, TTableau, THead>(string name, string label, OdeModel<TStem, TField, TTableau, THead, float> model) : IOdeImageModel
    where TStem : INetwork<float>
    where TField : IDifferentiableSystem<float>
    where TTableau : struct, IRungeKuttaTableau
    where THead : INetwork<float>
{
    public string Name => name;

    public string Label => label;

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
