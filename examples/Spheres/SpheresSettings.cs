namespace OdeKernels.Examples.Spheres;

/// <summary>The example's settings (from the command line).</summary>
internal sealed record SpheresSettings
{
    public int[] Dimensions { get; init; } = [2];

    public int TrainCount { get; init; } = 512;

    public int TestCount { get; init; } = 512;

    public int Epochs { get; init; } = 300;

    public int BatchSize { get; init; } = 64;

    public double LearningRate { get; init; } = 0.01;

    public ulong Seed { get; init; }

    public double[] Steps { get; init; } = [1, 0.5, 0.25, 0.125, 0.0625];

    public double[] Tolerances { get; init; } = [1e-1, 1e-2, 1e-3, 1e-4];

    /// <summary>The accurate solver every model is also evaluated with: Rk4 at this fixed step.</summary>
    public double AccurateStep { get; init; } = 1.0 / 256;

    public bool Adapt { get; init; } = true;

    public AdjointMethod Adjoint { get; init; } = AdjointMethod.Direct;

    public string Output { get; init; } = System.IO.Path.Combine("out", "spheres");
}
