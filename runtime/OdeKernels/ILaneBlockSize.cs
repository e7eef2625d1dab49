namespace OdeKernels;

/// <summary>
/// A system or network that states how many lanes (samples) the CPU solver, the adjoints and the network trainer put
/// in one block. Blocks are the unit of parallel work and of gradient summation: a call's lanes are cut into blocks
/// of this size, each block runs on one thread, and per-block parameter gradients are added in block order. The size
/// is a fact of the type, never of the machine or the thread count, so results stay the same bits on 1 thread or 64.
/// </summary>
/// <remarks>
/// <para>Without this interface a block is 256 lanes, right for dense dynamics (a lane costs 10²–10⁴ flops per
/// evaluation, and 256 lanes fill every vector). A lane of a feature-map network costs 10⁵–10⁷ flops per
/// evaluation (a 3×3 convolution of 16 channels on 7×7 is 2.3·10⁵ multiply-adds), so a batch of 32–128 images is
/// already many milliseconds of work per evaluation: blocks of 4–16 lanes let every core work on it while each
/// block still amortizes its per-step bookkeeping. Roughly: lanes per block ≈ 2²¹ / (flops per lane and evaluation),
/// rounded to a power of two in [1, 256].</para>
/// <para>Thread safety: the value must not change over an instance's life (it is read once per call).</para>
/// </remarks>
public interface ILaneBlockSize
{
    /// <summary>The largest size a type may state.</summary>
    public const int MaxLanesPerBlock = 65536;

    /// <summary>Lanes per block, in [1, <see cref="MaxLanesPerBlock"/>]; a constant of the type.</summary>
    int LanesPerBlock { get; }
}
