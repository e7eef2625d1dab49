using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Numerics;

namespace OdeKernels.Checkpoints;

/// <summary>A named tensor as stored in a safetensors file: an element type, a row-major shape and little-endian bytes.</summary>
/// <remarks>Thread safety: immutable; safe to share.</remarks>
public sealed class SafeTensor
{
    private readonly long[] _shape;
    private readonly byte[] _data;

    private SafeTensor(string name, SafeTensorDType dtype, long[] shape, byte[] data)
    {
        Name = name;
        DType = dtype;
        _shape = shape;
        _data = data;
    }

    /// <summary>The tensor's name (its key in the header).</summary>
    public string Name { get; }

    /// <summary>The element type.</summary>
    public SafeTensorDType DType { get; }

    /// <summary>The shape, outermost dimension first (empty for a scalar).</summary>
    public IReadOnlyList<long> Shape => Array.AsReadOnly(_shape);

    /// <summary>The number of elements: the product of <see cref="Shape"/>.</summary>
    public long ElementCount => _data.Length / DType.Size();

    /// <summary>The raw little-endian bytes as they are stored in the file.</summary>
    public ReadOnlySpan<byte> Bytes => _data;

    /// <summary>A 1-D <see cref="SafeTensorDType.F32"/> tensor.</summary>
    /// <param name="name">The name (not empty, not <c>__metadata__</c>).</param>
    /// <param name="values">The values (copied).</param>
    public static SafeTensor FromSingle(string name, ReadOnlySpan<float> values) => FromSingle(name, values, [values.Length]);

    /// <summary>An <see cref="SafeTensorDType.F32"/> tensor of the given shape.</summary>
    /// <param name="name">The name (not empty, not <c>__metadata__</c>).</param>
    /// <param name="values">The values in row-major order (copied).</param>
    /// <param name="shape">The shape; its product must equal the number of values (empty for a scalar).</param>
    /// <exception cref="ArgumentException">The name is invalid, or the shape does not match the values.</exception>
    public static SafeTensor FromSingle(string name, ReadOnlySpan<float> values, ReadOnlySpan<long> shape)
    {
        byte[] data = Allocate(name, values.Length, shape, SafeTensorDType.F32);
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(4 * i), values[i]);
        }

        return new SafeTensor(name, SafeTensorDType.F32, shape.ToArray(), data);
    }

    /// <summary>A 1-D <see cref="SafeTensorDType.F64"/> tensor.</summary>
    /// <param name="name">The name (not empty, not <c>__metadata__</c>).</param>
    /// <param name="values">The values (copied).</param>
    public static SafeTensor FromDouble(string name, ReadOnlySpan<double> values) => FromDouble(name, values, [values.Length]);

    /// <summary>An <see cref="SafeTensorDType.F64"/> tensor of the given shape.</summary>
    /// <param name="name">The name (not empty, not <c>__metadata__</c>).</param>
    /// <param name="values">The values in row-major order (copied).</param>
    /// <param name="shape">The shape; its product must equal the number of values (empty for a scalar).</param>
    /// <exception cref="ArgumentException">The name is invalid, or the shape does not match the values.</exception>
    public static SafeTensor FromDouble(string name, ReadOnlySpan<double> values, ReadOnlySpan<long> shape)
    {
        byte[] data = Allocate(name, values.Length, shape, SafeTensorDType.F64);
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(8 * i), values[i]);
        }

        return new SafeTensor(name, SafeTensorDType.F64, shape.ToArray(), data);
    }

    /// <summary>A 1-D <see cref="SafeTensorDType.I64"/> tensor.</summary>
    /// <param name="name">The name (not empty, not <c>__metadata__</c>).</param>
    /// <param name="values">The values (copied).</param>
    public static SafeTensor FromInt64(string name, ReadOnlySpan<long> values) => FromInt64(name, values, [values.Length]);

    /// <summary>An <see cref="SafeTensorDType.I64"/> tensor of the given shape.</summary>
    /// <param name="name">The name (not empty, not <c>__metadata__</c>).</param>
    /// <param name="values">The values in row-major order (copied).</param>
    /// <param name="shape">The shape; its product must equal the number of values (empty for a scalar).</param>
    /// <exception cref="ArgumentException">The name is invalid, or the shape does not match the values.</exception>
    public static SafeTensor FromInt64(string name, ReadOnlySpan<long> values, ReadOnlySpan<long> shape)
    {
        byte[] data = Allocate(name, values.Length, shape, SafeTensorDType.I64);
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(data.AsSpan(8 * i), values[i]);
        }

        return new SafeTensor(name, SafeTensorDType.I64, shape.ToArray(), data);
    }

    /// <summary>The values of an <see cref="SafeTensorDType.F32"/> tensor, in row-major order.</summary>
    /// <exception cref="InvalidOperationException">The tensor has another element type.</exception>
    public float[] ToSingleArray()
    {
        CheckType(SafeTensorDType.F32);
        var values = new float[ElementCount];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(_data.AsSpan(4 * i));
        }

        return values;
    }

    /// <summary>The values of an <see cref="SafeTensorDType.F64"/> tensor, in row-major order.</summary>
    /// <exception cref="InvalidOperationException">The tensor has another element type.</exception>
    public double[] ToDoubleArray()
    {
        CheckType(SafeTensorDType.F64);
        var values = new double[ElementCount];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadDoubleLittleEndian(_data.AsSpan(8 * i));
        }

        return values;
    }

    /// <summary>The values of an <see cref="SafeTensorDType.I64"/> tensor, in row-major order.</summary>
    /// <exception cref="InvalidOperationException">The tensor has another element type.</exception>
    public long[] ToInt64Array()
    {
        CheckType(SafeTensorDType.I64);
        var values = new long[ElementCount];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadInt64LittleEndian(_data.AsSpan(8 * i));
        }

        return values;
    }

    /// <summary>A 1-D F32 or F64 tensor of <typeparamref name="T"/> values, for code generic over the training precision.</summary>
    internal static SafeTensor FromFloatingPoint<T>(string name, ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            return FromSingle(name, System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(values));
        }

        if (typeof(T) == typeof(double))
        {
            return FromDouble(name, System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(values));
        }

        throw new NotSupportedException($"Only float and double tensors can be stored, not {typeof(T).Name}.");
    }

    /// <summary>The values as <typeparamref name="T"/>, which must match the stored type exactly (no silent rounding).</summary>
    internal T[] ToFloatingPointArray<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        SafeTensorDType expected = typeof(T) == typeof(float) ? SafeTensorDType.F32
            : typeof(T) == typeof(double) ? SafeTensorDType.F64
            : throw new NotSupportedException($"Only float and double tensors can be read, not {typeof(T).Name}.");
        CheckType(expected);
        return expected == SafeTensorDType.F32 ? (T[])(object)ToSingleArray() : (T[])(object)ToDoubleArray();
    }

    /// <summary>A tensor over bytes the reader has already validated against dtype and shape.</summary>
    internal static SafeTensor FromValidatedBytes(string name, SafeTensorDType dtype, long[] shape, byte[] data) => new(name, dtype, shape, data);

    internal static void CheckName(string name, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(name, parameterName);
        if (name.Length == 0 || name == SafeTensorsFile.MetadataKey)
        {
            throw new ArgumentException($"A tensor name must be non-empty and not '{SafeTensorsFile.MetadataKey}', but it is '{name}'.", parameterName);
        }
    }

    private static byte[] Allocate(string name, int count, ReadOnlySpan<long> shape, SafeTensorDType dtype)
    {
        CheckName(name, nameof(name));
        long product = 1;
        foreach (long dimension in shape)
        {
            if (dimension < 0)
            {
                throw new ArgumentException($"shape of tensor '{name}' must have non-negative dimensions, but it is [{string.Join(", ", shape.ToArray())}].", nameof(shape));
            }

            // Saturates instead of overflowing: a product beyond int.MaxValue cannot match a span's length anyway.
            bool huge = (product > int.MaxValue || dimension > int.MaxValue) && product != 0 && dimension != 0;
            product = huge ? long.MaxValue : product * dimension;
        }

        if (product != count)
        {
            throw new ArgumentException($"shape [{string.Join(", ", shape.ToArray())}] of tensor '{name}' holds {product} elements, but {count} values were given.", nameof(shape));
        }

        return new byte[(long)count * dtype.Size()];
    }

    private void CheckType(SafeTensorDType expected)
    {
        if (DType != expected)
        {
            throw new InvalidOperationException($"Tensor '{Name}' holds {DType.HeaderName()} values, not {expected.HeaderName()}.");
        }
    }
}
