namespace OdeKernels.Examples.ImageOdeNet;

// Lanes per block (ILaneBlockSize) of the convolutional parts: one image costs 10⁵–10⁷ flops an evaluation here
// (the C = 16 ODE function 5·10⁵, the C = 16 stem 2·10⁶, ten to sixteen times that at C = 64), so the solver's default
// block of 256 lanes would put a whole batch of 32–128 images on one thread. 16 lanes is the smallest block that
// still fills a vector of the generated kernels (they vectorize across lanes: 16 floats in an AVX-512 register), and
// gives a batch of 32 two blocks and one of 128 eight, so two cores share every batch. The size is a constant of the
// type, so results are the same bits for every thread count. The MLP and the heads (a few thousand flops a sample)
// keep the default.

/// <summary>Lanes per block of the conv networks and ODE functions (see the comment above).</summary>
internal static class ImageBlocks
{
    /// <summary>Lanes per block: one AVX-512 vector of floats.</summary>
    public const int Lanes = 16;
}

public partial class ConvStem16 : ILaneBlockSize
{
    /// <inheritdoc/>
    public int LanesPerBlock => ImageBlocks.Lanes;
}

public partial class ConvField16 : ILaneBlockSize
{
    /// <inheritdoc/>
    public int LanesPerBlock => ImageBlocks.Lanes;
}

public partial class ConvResNet16 : ILaneBlockSize
{
    /// <inheritdoc/>
    public int LanesPerBlock => ImageBlocks.Lanes;
}

public partial class ConvStem64 : ILaneBlockSize
{
    /// <inheritdoc/>
    public int LanesPerBlock => ImageBlocks.Lanes;
}

public partial class ConvField64 : ILaneBlockSize
{
    /// <inheritdoc/>
    public int LanesPerBlock => ImageBlocks.Lanes;
}

public partial class ConvResNet64 : ILaneBlockSize
{
    /// <inheritdoc/>
    public int LanesPerBlock => ImageBlocks.Lanes;
}
