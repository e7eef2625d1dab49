using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace OdeKernels.Solving;

/// <summary>
/// Continuous extensions of a Runge–Kutta step (<see cref="SaveMode.Interpolate"/>): a save time t + θh inside an
/// accepted step [t, t + h] gets u(θ) = y + h (Σᵢ wᵢ(θ) kᵢ + w_f(θ) f(t + h, y_new)), a linear combination of the
/// step's start, its stages and the derivative at its end, so the discrete adjoints differentiate it with θ held fixed
/// (as they hold the step sizes fixed). The weights are the tableau's own (<see cref="TableauInfo.Dense"/>: Dopri5 with
/// Shampine's 1986 interpolant, Tsit5 with Tsitouras' 2011 one) or else cubic Hermite through y, f(t, y), y_new and
/// f(t + h, y_new) (Hairer, Nørsett and Wanner, Solving ODEs I, §II.6), written in the same form: with y_new = y +
/// h Σ bᵢkᵢ and f(t, y) = k₁, the Hermite basis gives wᵢ = (3θ² − 2θ³) bᵢ + [i = 1] (θ − 2θ² + θ³) and
/// w_f = θ³ − θ². For a method with FSAL, f(t + h, y_new) is its last stage; otherwise it is evaluated once more per
/// step that has a save time inside it. The batched and single-lane integrators both interpolate here, with the same
/// operations in the same order, so they give the same bits.
/// </summary>
internal static class DenseOutput
{
    /// <summary>
    /// The length of a weight vector: one per stage, one per extra stage of the method's own interpolant
    /// (<see cref="TableauInfo.ExtraStages"/>) and one for f(t + h, y_new) (used only by cubic Hermite without FSAL).
    /// </summary>
    public static int WeightCount(TableauInfo tableau) => Rows(tableau) + 1;

    /// <summary>The stages the interpolant combines: the step's, then the extra stages (in the stage buffers' next blocks).</summary>
    public static int Rows(TableauInfo tableau) => tableau.Stages + tableau.ExtraStages;

    /// <summary>Where the weight on f(t + h, y_new) is: the FSAL last stage, or the extra slot after the (extra) stages.</summary>
    public static int EndIndex(TableauInfo tableau) => tableau.IsFsal ? tableau.Stages - 1 : Rows(tableau);

    /// <summary>Whether interpolating needs f(t + h, y_new) evaluated apart from the stages (cubic Hermite without FSAL).</summary>
    public static bool NeedsEndDerivative(TableauInfo tableau) => !tableau.HasDense && !tableau.IsFsal;

    /// <summary>Writes the weights of u(θ) (see the type) into <paramref name="w"/> (<see cref="WeightCount"/> values).</summary>
    public static void Weights(TableauInfo tableau, double theta, Span<double> w)
    {
        int s = tableau.Stages;
        w[..WeightCount(tableau)].Clear();
        if (tableau.DenseCoefficients is { } d)
        {
            int degree = tableau.DenseDegree, rows = Rows(tableau);
            for (int i = 0; i < rows; i++)
            {
                // bᵢ(θ) = θ (dᵢ₁ + θ (dᵢ₂ + …)), Horner's rule.
                double acc = 0;
                for (int m = degree - 1; m >= 0; m--)
                {
                    acc = (acc * theta) + d[(i * degree) + m];
                }

                w[i] = acc * theta;
            }

            return;
        }

        double t2 = theta * theta, t3 = t2 * theta;
        double h01 = (3 * t2) - (2 * t3), h10 = theta - (2 * t2) + t3, h11 = t3 - t2;
        double[] b = tableau.SolutionWeights;
        for (int i = 0; i < s; i++)
        {
            w[i] = h01 * b[i];
        }

        w[0] += h10;
        w[EndIndex(tableau)] += h11;
    }

    /// <summary>
    /// Writes u(θ) of one lane into <paramref name="output"/>: component c of the lane at <c>at + c·stride</c> of
    /// <paramref name="y"/> and <paramref name="end"/>, stage i's at <c>i·block + at + c·stride</c> of
    /// <paramref name="k"/> (the batched layout with the lane's slot and the workspace's stride; a single lane's with
    /// at 0, stride 1 and block n); the extra stages follow the stages in <paramref name="k"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Interpolate<T>(ReadOnlySpan<double> w, T h, ReadOnlySpan<T> y, ReadOnlySpan<T> k, ReadOnlySpan<T> end, int at, int stride, int block, Span<T> output)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int stages = w.Length - 1;
        for (int c = 0; c < output.Length; c++)
        {
            int index = at + (c * stride);
            T acc = T.Zero;
            for (int i = 0; i < stages; i++)
            {
                if (w[i] != 0)
                {
                    acc += T.CreateTruncating(w[i]) * k[(i * block) + index];
                }
            }

            if (w[stages] != 0)
            {
                acc += T.CreateTruncating(w[stages]) * end[index];
            }

            output[c] = y[index] + (h * acc);
        }
    }

    /// <summary>
    /// With <see cref="SaveMode.Interpolate"/>, the save times from <paramref name="next"/> on that a step ending at
    /// <paramref name="end"/> fills: every one strictly before <paramref name="end"/> is inside, and the step lands on
    /// the next one when that equals <paramref name="end"/> (always on the last save time when clipped). With
    /// <see cref="SaveMode.Step"/> the integrators need no call: nothing is inside and a step lands when clipped.
    /// Out of line on purpose: inlined into the step loops it slowed their Step mode (the JIT inlined less of the step).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Inside<T>(ReadOnlySpan<T> saveAt, int next, double end, bool clipped, out bool lands)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int last = saveAt.Length - 1;
        if (clipped)
        {
            lands = true;
            return last - next;
        }

        int j = next;
        while (j < last && double.CreateTruncating(saveAt[j]) < end)
        {
            j++;
        }

        lands = j < last && double.CreateTruncating(saveAt[j]) == end;
        return j - next;
    }

    /// <summary>
    /// Writes the input y + h Σⱼ aⱼkⱼ of extra stage <paramref name="e"/> (0-based; j over the s stages and the extra
    /// stages before it, in that order, zeros skipped) of one lane into <paramref name="input"/> at
    /// <c>inputAt + c·inputStride</c>, reading the lane as <see cref="Interpolate{T}"/> does. The batched and
    /// single-lane integrators and the reverse pass all call this, so the extra stages are the same bits in each.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ExtraStageInput<T>(TableauInfo tableau, int e, T h, ReadOnlySpan<T> y, ReadOnlySpan<T> k, int at, int stride, int block, Span<T> input, int inputAt, int inputStride, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double[] a = tableau.ExtraRows;
        int row = tableau.ExtraRowStart(e), count = tableau.Stages + e;
        for (int c = 0; c < n; c++)
        {
            int index = at + (c * stride);
            T acc = T.Zero;
            for (int j = 0; j < count; j++)
            {
                if (a[row + j] != 0)
                {
                    acc += T.CreateTruncating(a[row + j]) * k[(j * block) + index];
                }
            }

            input[inputAt + (c * inputStride)] = y[index] + (h * acc);
        }
    }

    /// <summary>The time t + c·h of extra stage <paramref name="e"/>, as the generated steps' stage times are computed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T ExtraStageTime<T>(TableauInfo tableau, int e, T t, T h)
        where T : unmanaged, IFloatingPointIeee754<T> => t + (T.CreateTruncating(tableau.ExtraNodes[e]) * h);

    /// <summary>θ of save time <paramref name="save"/> in the step from <paramref name="start"/> of size <paramref name="h"/> (forward and reverse pass compute it alike).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Theta(double save, double start, double h) => (save - start) / h;
}
