using System.Collections.Generic;
using System.Text;
using OdeKernels.Generators.Common;

namespace OdeKernels.Generators.Layers;

/// <summary>
/// Winograd's minimal filtering F(4×4, 3×3) (Lavin and Gray, "Fast Algorithms for Convolutional Neural Networks", CVPR
/// 2016, §4.2, interpolation points 0, ±1, ±2, ∞): a 6×6 input tile d and a 3×3 kernel g give the 4×4 correlation
/// Y = Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A, 36 multiplications where the direct sum takes 144. The three matrices are written
/// here once, as exact rationals; the emitters print each transform from them (<see cref="Combination"/>).
/// </summary>
internal static class WinogradF43
{
    /// <summary>Outputs per tile side (m = 4).</summary>
    public const int Outputs = 4;

    /// <summary>Inputs per tile side, m + r − 1 = 6.</summary>
    public const int Inputs = 6;

    /// <summary>Products per tile and channel pair (6 × 6).</summary>
    public const int Points = Inputs * Inputs;

    /// <summary>Bᵀ (6×6): the input transform, Bᵀ d B.</summary>
    public static readonly (int Numerator, int Denominator)[,] InputTransform =
    {
        { (4, 1), (0, 1), (-5, 1), (0, 1), (1, 1), (0, 1) },
        { (0, 1), (-4, 1), (-4, 1), (1, 1), (1, 1), (0, 1) },
        { (0, 1), (4, 1), (-4, 1), (-1, 1), (1, 1), (0, 1) },
        { (0, 1), (-2, 1), (-1, 1), (2, 1), (1, 1), (0, 1) },
        { (0, 1), (2, 1), (-1, 1), (-2, 1), (1, 1), (0, 1) },
        { (0, 1), (4, 1), (0, 1), (-5, 1), (0, 1), (1, 1) },
    };

    /// <summary>G (6×3): the kernel transform, G g Gᵀ.</summary>
    public static readonly (int Numerator, int Denominator)[,] KernelTransform =
    {
        { (1, 4), (0, 1), (0, 1) },
        { (-1, 6), (-1, 6), (-1, 6) },
        { (-1, 6), (1, 6), (-1, 6) },
        { (1, 24), (1, 12), (1, 6) },
        { (1, 24), (-1, 12), (1, 6) },
        { (0, 1), (0, 1), (1, 1) },
    };

    /// <summary>Aᵀ (4×6): the output transform, Aᵀ M A.</summary>
    public static readonly (int Numerator, int Denominator)[,] OutputTransform =
    {
        { (1, 1), (1, 1), (1, 1), (1, 1), (1, 1), (0, 1) },
        { (0, 1), (1, 1), (-1, 1), (2, 1), (-2, 1), (0, 1) },
        { (0, 1), (1, 1), (1, 1), (4, 1), (4, 1), (0, 1) },
        { (0, 1), (1, 1), (-1, 1), (8, 1), (-8, 1), (1, 1) },
    };

    /// <summary>The transpose of <paramref name="matrix"/> (B from Bᵀ, A from Aᵀ: the reverse pass applies them).</summary>
    public static (int Numerator, int Denominator)[,] Transposed((int Numerator, int Denominator)[,] matrix)
    {
        var result = new (int, int)[matrix.GetLength(1), matrix.GetLength(0)];
        for (int i = 0; i < matrix.GetLength(0); i++)
        {
            for (int j = 0; j < matrix.GetLength(1); j++)
            {
                result[j, i] = matrix[i, j];
            }
        }

        return result;
    }

    /// <summary>
    /// Row <paramref name="row"/> of <paramref name="matrix"/> applied to the operands: Σⱼ mⱼ·operandⱼ over the nonzero
    /// entries in column order, a unit entry as a plain add or subtract, any other as a product with
    /// <paramref name="constant"/>(mⱼ) (the element type's literal or a broadcast vector of it).
    /// </summary>
    public static string Combination((int Numerator, int Denominator)[,] matrix, int row, IReadOnlyList<string> operands, System.Func<string, string> constant, string t)
    {
        var text = new StringBuilder();
        for (int j = 0; j < matrix.GetLength(1); j++)
        {
            var (numerator, denominator) = matrix[row, j];
            if (numerator == 0)
            {
                continue;
            }

            bool negative = numerator < 0;
            string term = numerator is 1 or -1 && denominator == 1
                ? operands[j]
                : $"({constant(Coefficient(System.Math.Abs(numerator), denominator, t))} * {operands[j]})";
            text.Append(text.Length == 0 ? (negative ? "-" + term : term) : (negative ? " - " : " + ") + term);
        }

        return text.Length == 0 ? "0" : text.ToString();
    }

    /// <summary>The literal of n/d in the element type: an integer as <c>(t)n</c>, a fraction as <c>(t)(n.0 / d.0)</c>.</summary>
    private static string Coefficient(int numerator, int denominator, string t) =>
        denominator == 1
            ? $"({t}){Literals.Int(numerator)}"
            : $"({t})({Literals.Int(numerator)}.0 / {Literals.Int(denominator)}.0)";
}
