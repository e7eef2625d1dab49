using OdeKernels;

namespace OdeKernels.Tests;

// Feature-map networks that state small lane blocks (ILaneBlockSize), for the thread-count tests of
// tests/OdeKernels.Tests/Parallel/SmallBlockDeterminismTests.cs. The sizes are odd on purpose (not a multiple of any
// vector width), so blocks end mid-vector and a batch of a few dozen lanes spans many blocks.

/// <summary><see cref="ConvField64"/> with blocks of <see cref="LanesPerBlock"/> lanes, in double.</summary>
[Dynamics(Channels = 4, Height = 5, Width = 5, TimeInput = true, Precision = typeof(double))]
[GroupNorm(2)]
[Pointwise(Activation.Tanh)]
[Conv2d(4, 3, padding: 1)]
[GroupNorm(2)]
[Pointwise(Activation.Softplus)]
[Conv2d(4, 3, padding: 1)]
[GroupNorm(4)]
public partial class SmallBlockField64 : ILaneBlockSize
{
    /// <summary>Blocks of 3 lanes.</summary>
    public int LanesPerBlock => 3;
}

/// <summary><see cref="SmallBlockField64"/> in float.</summary>
[Dynamics(Channels = 4, Height = 5, Width = 5, TimeInput = true)]
[GroupNorm(2)]
[Pointwise(Activation.Tanh)]
[Conv2d(4, 3, padding: 1)]
[GroupNorm(2)]
[Pointwise(Activation.Softplus)]
[Conv2d(4, 3, padding: 1)]
[GroupNorm(4)]
public partial class SmallBlockField32 : ILaneBlockSize
{
    /// <summary>Blocks of 3 lanes.</summary>
    public int LanesPerBlock => 3;
}

/// <summary><see cref="ConvNet64"/> with blocks of <see cref="LanesPerBlock"/> lanes, in double.</summary>
[Network(Channels = 2, Height = 7, Width = 6, Precision = typeof(double))]
[Conv2d(4, 3, padding: 1, activation: Activation.Tanh)]
[GroupNorm(2)]
[Conv2d(3, 3, stride: 2, padding: 1, activation: Activation.Softplus, bias: false)]
[Conv2d(2, 2, stride: 1, activation: Activation.Sigmoid)]
[Dense(3)]
public partial class SmallBlockNet64 : ILaneBlockSize
{
    /// <summary>Blocks of 5 lanes.</summary>
    public int LanesPerBlock => 5;
}

/// <summary><see cref="SmallBlockNet64"/> in float.</summary>
[Network(Channels = 2, Height = 7, Width = 6)]
[Conv2d(4, 3, padding: 1, activation: Activation.Tanh)]
[GroupNorm(2)]
[Conv2d(3, 3, stride: 2, padding: 1, activation: Activation.Softplus, bias: false)]
[Conv2d(2, 2, stride: 1, activation: Activation.Sigmoid)]
[Dense(3)]
public partial class SmallBlockNet32 : ILaneBlockSize
{
    /// <summary>Blocks of 5 lanes.</summary>
    public int LanesPerBlock => 5;
}
