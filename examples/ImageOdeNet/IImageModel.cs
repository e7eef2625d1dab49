using System;

namespace OdeKernels.Examples.ImageOdeNet;

/// <summary>
/// One row of the table: a network that classifies 28×28 images (all pixels scaled to [0, 1]). The run, the tables and
/// the plots only see this interface.
/// </summary>
internal interface IImageModel
{
    /// <summary>The name on the command line and of the model's output folder (<c>mlp</c>, <c>resnet</c>, <c>rknet</c>, <c>odenet</c>).</summary>
    string Name { get; }

    /// <summary>The name in the tables and plots.</summary>
    string Label { get; }

    /// <summary>The network trained and evaluated (a generated network, or an ODE model).</summary>
    INetwork<float> Network { get; }

    /// <summary>The forward function evaluations per sample of the last forward pass; null for a network without an ODE block.</summary>
    double? ForwardNfePerSample(int count);
}

/// <summary>A model with an ODE block, which can also be evaluated with solvers other than its training one ("train accurately, test cheaply").</summary>
internal interface IOdeImageModel : IImageModel
{
    /// <summary>Runs the model on <paramref name="count"/> samples with another method and options; returns the forward evaluations per sample.</summary>
    double Forward(TestSolver solver, ReadOnlySpan<float> x, Span<float> y, int count);
}
