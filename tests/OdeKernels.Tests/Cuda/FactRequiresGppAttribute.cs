namespace OdeKernels.Tests.Cuda;

/// <summary>
/// A fact that needs <c>g++</c> (to build the CUDA kernels against the CPU shim): skipped, with the reason, where
/// <c>g++</c> is not on PATH, so a machine without it reports the tests as skipped rather than passed.
/// </summary>
public sealed class FactRequiresGppAttribute : FactAttribute
{
    public FactRequiresGppAttribute()
    {
        if (ShimCompiler.FindGpp() is null)
        {
            Skip = "g++ is not on PATH: the CUDA kernels cannot be built against the CPU shim here.";
        }
    }
}

/// <summary>A theory that needs <c>g++</c>; see <see cref="FactRequiresGppAttribute"/>.</summary>
public sealed class TheoryRequiresGppAttribute : TheoryAttribute
{
    public TheoryRequiresGppAttribute()
    {
        if (ShimCompiler.FindGpp() is null)
        {
            Skip = "g++ is not on PATH: the CUDA kernels cannot be built against the CPU shim here.";
        }
    }
}
