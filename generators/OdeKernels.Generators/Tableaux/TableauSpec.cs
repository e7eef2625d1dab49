using System;
using System.Collections.Generic;
using System.Linq;
using OdeKernels.Generators.Common;

namespace OdeKernels.Generators.Tableaux;

/// <summary>
/// A validated Butcher tableau, as plain equatable data (no symbols or syntax), ready to emit. Names are as they
/// must be written in C# (keywords escaped with '@'); <see cref="Keyword"/> is "struct" or "record struct".
/// <see cref="A"/> is the strictly lower triangle, row by row for rows 2..s. <see cref="ExtraC"/> and
/// <see cref="ExtraA"/> are the extra stages of the continuous extension (empty for most methods): extra stage e's row
/// reaches back over the s stages and the extra stages before it; <see cref="Dense"/> then has a row for each of the
/// s + e stages. The derived members below (the terms of
/// each combination, which stages can reach the result, the controller's q) are the one model that every step the
/// generator writes (the C# SIMD, single-lane and reverse steps and the CUDA step) is printed from.
/// </summary>
internal sealed record TableauSpec(
    string Namespace,
    string TypeName,
    string Keyword,
    EquatableArray<double> C,
    EquatableArray<double> A,
    EquatableArray<double> B,
    EquatableArray<double> BHat,
    int Order,
    int EmbeddedOrder,
    EquatableArray<double> Dense,
    int DenseOrder,
    EquatableArray<double> ExtraC,
    EquatableArray<double> ExtraA)
{
    public int Stages => C.Count;

    /// <summary>The method's name as <c>TableauInfo.Name</c> and the CUDA step's header give it (without keyword escapes).</summary>
    public string Name => TypeName.Replace("@", string.Empty);

    public bool HasEmbedded => BHat.Count > 0;

    /// <summary>Whether the tableau declares its own continuous extension (else the runtime uses cubic Hermite).</summary>
    public bool HasDense => Dense.Count > 0;

    /// <summary>The number of extra stages the continuous extension evaluates after an accepted step.</summary>
    public int ExtraStages => ExtraC.Count;

    /// <summary>aᵢⱼ for 0-based i &gt; j.</summary>
    public double GetA(int i, int j) => j < i ? A[(i * (i - 1) / 2) + j] : 0.0;

    /// <summary>
    /// "First same as last": the last stage is evaluated at t + h with exactly the solution weights, so its
    /// derivative is f at the new solution and serves as the next step's first stage.
    /// </summary>
    public bool IsFsal
    {
        get
        {
            int s = Stages;
            if (s < 2 || C[s - 1] != 1.0 || B[s - 1] != 0.0)
            {
                return false;
            }

            for (int j = 0; j < s - 1; j++)
            {
                if (GetA(s - 1, j) != B[j])
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>
    /// The controller's error order q = min(order, max(embedded order, 1)) + 1 (Hairer's controllers use the order of
    /// the error estimate; the CPU's <c>StepController.For</c> uses the same rule, checked by a test).
    /// </summary>
    public int ControllerOrder => Math.Min(Order, Math.Max(EmbeddedOrder, 1)) + 1;

    /// <summary>Whether 0-based stage <paramref name="stage"/> writes its input straight into the new solution (the FSAL stage).</summary>
    public bool WritesSolution(int stage) => IsFsal && stage == Stages - 1;

    /// <summary>The terms (j, aᵢⱼ) of stage <paramref name="stage"/>'s input y + h Σ aᵢⱼkⱼ, j &lt; i, zeros included.</summary>
    public List<(int Stage, double Coefficient)> StageTerms(int stage) =>
        Enumerable.Range(0, stage).Select(j => (j, GetA(stage, j))).ToList();

    /// <summary>The terms (j, bⱼ) of the solution y + h Σ bⱼkⱼ, zeros included.</summary>
    public List<(int Stage, double Coefficient)> SolutionTerms() =>
        Enumerable.Range(0, Stages).Select(j => (j, B[j])).ToList();

    /// <summary>The terms (j, bⱼ − b̂ⱼ) of the embedded error h Σ (bⱼ − b̂ⱼ)kⱼ, zeros included; null without embedded weights.</summary>
    public List<(int Stage, double Coefficient)>? ErrorTerms() =>
        HasEmbedded ? Enumerable.Range(0, Stages).Select(j => (j, B[j] - BHat[j])).ToList() : null;

    /// <summary>
    /// Which stages can reach the step's result: stage i does if bᵢ ≠ 0 or a later stage that does was built from it
    /// (aⱼᵢ ≠ 0). The others (an FSAL last stage) need no reverse pass.
    /// </summary>
    public bool[] LiveStages()
    {
        int s = Stages;
        var live = new bool[s];
        for (int i = s - 1; i >= 0; i--)
        {
            live[i] = B[i] != 0;
            for (int j = i + 1; j < s && !live[i]; j++)
            {
                live[i] = live[j] && GetA(j, i) != 0;
            }
        }

        return live;
    }
}
