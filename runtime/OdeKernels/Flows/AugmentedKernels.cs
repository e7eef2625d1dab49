using System;
using System.Numerics;

namespace OdeKernels.Flows;

/// <summary>The lane loops the augmented systems share (component-major rows of <c>stride</c>, <c>count</c> lanes).</summary>
/// <typeparam name="T">The floating-point type.</typeparam>
internal static class AugmentedKernels<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Writes Σ over <paramref name="rows"/> rows of x² per lane into <paramref name="sum"/>.</summary>
    public static void SumOfSquares(ReadOnlySpan<T> x, int rows, Span<T> sum, int count, int stride)
    {
        sum.Clear();
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<T> row = x.Slice(r * stride, count);
            for (int i = 0; i < count; i++)
            {
                sum[i] += row[i] * row[i];
            }
        }
    }

    /// <summary>
    /// The cotangent of f in an augmented state: the first <paramref name="d"/> rows of <paramref name="a"/>, plus
    /// 2 a_K f where the kinetic energy (d/dt = ‖f‖²) is carried at row <paramref name="kineticIndex"/> (≥ 0).
    /// </summary>
    public static void CotangentOfF(ReadOnlySpan<T> a, ReadOnlySpan<T> f, int kineticIndex, Span<T> af, int d, int count, int stride)
    {
        T two = T.CreateChecked(2);
        for (int c = 0; c < d; c++)
        {
            Span<T> row = af.Slice(c * stride, count);
            a.Slice(c * stride, count).CopyTo(row);
            if (kineticIndex >= 0)
            {
                ReadOnlySpan<T> aK = a.Slice(kineticIndex * stride, count);
                ReadOnlySpan<T> fc = f.Slice(c * stride, count);
                for (int i = 0; i < count; i++)
                {
                    row[i] += two * aK[i] * fc[i];
                }
            }
        }
    }

    /// <summary>Negates every element.</summary>
    public static void Negate(Span<T> x)
    {
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = -x[i];
        }
    }
}
