using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace OdeKernels.Solving;

/// <summary>
/// Lane-vectorised building blocks of the adjoint steps: every operation works on the first <c>count</c> lanes of
/// each of <c>rows</c> component rows (row r at <c>r * stride</c>), with a per-lane step size h.
/// </summary>
internal static class LaneOps
{
    /// <summary>Effectively computes <c>y[r, i] += w · h[i] · x[r, i]</c>.</summary>
    public static void AddScaledByStep<T>(ReadOnlySpan<T> h, T w, ReadOnlySpan<T> x, Span<T> y, int rows, int count, int stride)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T hRef = ref MemoryMarshal.GetReference(h);
        for (int r = 0; r < rows; r++)
        {
            ref T xr = ref Unsafe.Add(ref MemoryMarshal.GetReference(x), r * stride);
            ref T yr = ref Unsafe.Add(ref MemoryMarshal.GetReference(y), r * stride);
            int i = 0;
            if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
            {
                Vector512<T> wv = Vector512.Create(w);
                for (; i <= count - Vector512<T>.Count; i += Vector512<T>.Count)
                {
                    nuint at = (nuint)i;
                    Vector512.StoreUnsafe(Vector512.LoadUnsafe(ref yr, at) + (wv * Vector512.LoadUnsafe(ref hRef, at) * Vector512.LoadUnsafe(ref xr, at)), ref yr, at);
                }
            }
            else if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
            {
                Vector256<T> wv = Vector256.Create(w);
                for (; i <= count - Vector256<T>.Count; i += Vector256<T>.Count)
                {
                    nuint at = (nuint)i;
                    Vector256.StoreUnsafe(Vector256.LoadUnsafe(ref yr, at) + (wv * Vector256.LoadUnsafe(ref hRef, at) * Vector256.LoadUnsafe(ref xr, at)), ref yr, at);
                }
            }

            for (; i < count; i++)
            {
                Unsafe.Add(ref yr, i) += w * Unsafe.Add(ref hRef, i) * Unsafe.Add(ref xr, i);
            }
        }
    }

    /// <summary>Effectively computes <c>y[r, i] = w · h[i] · x[r, i]</c>.</summary>
    public static void SetScaledByStep<T>(ReadOnlySpan<T> h, T w, ReadOnlySpan<T> x, Span<T> y, int rows, int count, int stride)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Clear(y, rows, count, stride);
        AddScaledByStep(h, w, x, y, rows, count, stride);
    }

    /// <summary>Effectively computes <c>y[r, i] += x[r, i]</c>.</summary>
    public static void Add<T>(ReadOnlySpan<T> x, Span<T> y, int rows, int count, int stride)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < rows; r++)
        {
            ref T xr = ref Unsafe.Add(ref MemoryMarshal.GetReference(x), r * stride);
            ref T yr = ref Unsafe.Add(ref MemoryMarshal.GetReference(y), r * stride);
            int i = 0;
            if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
            {
                for (; i <= count - Vector512<T>.Count; i += Vector512<T>.Count)
                {
                    nuint at = (nuint)i;
                    Vector512.StoreUnsafe(Vector512.LoadUnsafe(ref yr, at) + Vector512.LoadUnsafe(ref xr, at), ref yr, at);
                }
            }

            for (; i < count; i++)
            {
                Unsafe.Add(ref yr, i) += Unsafe.Add(ref xr, i);
            }
        }
    }

    /// <summary>Zeroes the first <paramref name="count"/> lanes of every row.</summary>
    public static void Clear<T>(Span<T> y, int rows, int count, int stride)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < rows; r++)
        {
            y.Slice(r * stride, count).Clear();
        }
    }
}
