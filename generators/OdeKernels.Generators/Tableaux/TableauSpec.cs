using OdeKernels.Generators.Common;

namespace OdeKernels.Generators.Tableaux;

/// <summary>
/// A validated Butcher tableau, as plain equatable data (no symbols or syntax), ready to emit. Names are as they
/// must be written in C# (keywords escaped with '@'); <see cref="Keyword"/> is "struct" or "record struct".
/// <see cref="A"/> is the strictly lower triangle, row by row for rows 2..s.
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
    int EmbeddedOrder)
{
    public int Stages => C.Count;

    public bool HasEmbedded => BHat.Count > 0;

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
}
