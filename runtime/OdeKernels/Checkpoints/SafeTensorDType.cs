using System;

namespace OdeKernels.Checkpoints;

/// <summary>The element types this reader and writer support, named as in the safetensors header.</summary>
public enum SafeTensorDType
{
    /// <summary>32-bit IEEE 754 float, little-endian (<c>"F32"</c>).</summary>
    F32,

    /// <summary>64-bit IEEE 754 float, little-endian (<c>"F64"</c>).</summary>
    F64,

    /// <summary>64-bit signed integer, little-endian (<c>"I64"</c>).</summary>
    I64,
}

/// <summary>Sizes and header names of <see cref="SafeTensorDType"/>.</summary>
internal static class SafeTensorDTypes
{
    public static int Size(this SafeTensorDType dtype) => dtype == SafeTensorDType.F32 ? 4 : 8;

    public static string HeaderName(this SafeTensorDType dtype) => dtype switch
    {
        SafeTensorDType.F32 => "F32",
        SafeTensorDType.F64 => "F64",
        SafeTensorDType.I64 => "I64",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, null),
    };

    public static bool TryParse(string name, out SafeTensorDType dtype)
    {
        (bool ok, dtype) = name switch
        {
            "F32" => (true, SafeTensorDType.F32),
            "F64" => (true, SafeTensorDType.F64),
            "I64" => (true, SafeTensorDType.I64),
            _ => (false, default),
        };
        return ok;
    }

    /// <summary>
    /// The rank of the reference implementation's dtype order (its <c>Dtype</c> enum lists dtypes by increasing
    /// alignment: …, F32, F64, I64, U64); it writes tensors by descending rank, then by name.
    /// </summary>
    public static int ReferenceRank(this SafeTensorDType dtype) => dtype switch
    {
        SafeTensorDType.F32 => 0,
        SafeTensorDType.F64 => 1,
        _ => 2,
    };
}
