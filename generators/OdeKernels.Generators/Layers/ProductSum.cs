namespace OdeKernels.Generators.Layers;

/// <summary>
/// How a product-sum term acc + a·b is written, for the C# vector kernels and the CUDA device code alike: two
/// roundings (a·b, then the sum) by default, one with a layer's <see cref="LayerSpec.FusedMultiplyAdd"/>. Every
/// emitter writes a dense layer's terms through these printers, so the order of the operations (and with it CPU and
/// CUDA agreement, and the independence of a lane from its place in the batch) is the same in both modes; only the
/// rounding of each term changes. The default's text is the text the emitters wrote before the option existed.
/// </summary>
internal static class ProductSum
{
    /// <summary>The statement <c>acc += a * b;</c>, or <c>acc = vec.FusedMultiplyAdd(a, b, acc);</c>.</summary>
    public static string Accumulate(bool fused, string vec, string acc, string a, string b) =>
        fused ? $"{acc} = {vec}.FusedMultiplyAdd({a}, {b}, {acc});" : $"{acc} += {a} * {b};";

    /// <summary>The expression <c>acc + (a * b)</c>, or <c>vec.FusedMultiplyAdd(a, b, acc)</c>.</summary>
    public static string Add(bool fused, string vec, string acc, string a, string b) =>
        fused ? $"{vec}.FusedMultiplyAdd({a}, {b}, {acc})" : $"{acc} + ({a} * {b})";

    /// <summary>
    /// The CUDA statement <c>acc += a * b;</c>, or <c>acc = ode_fma(a, b, acc);</c> (the prelude's overloads of
    /// <c>fmaf</c> and <c>fma</c>, as the device code is written once for <c>ode_t</c> float or double): the device
    /// code is compiled with <c>--fmad=false</c>, so only these explicit calls fuse, exactly where the CPU fuses.
    /// </summary>
    public static string CudaAccumulate(bool fused, string acc, string a, string b) =>
        fused ? $"{acc} = ode_fma({a}, {b}, {acc});" : $"{acc} += {a} * {b};";
}
