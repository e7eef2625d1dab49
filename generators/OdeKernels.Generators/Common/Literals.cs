using System.Globalization;

namespace OdeKernels.Generators.Common;

/// <summary>Prints numbers for generated source: invariant culture and round-trip precision, so output is stable and exact.</summary>
internal static class Literals
{
    /// <summary>A C# double literal that parses back to exactly <paramref name="value"/> (e.g. <c>0.1D</c>, <c>-2D</c>).</summary>
    public static string Double(double value) => value.ToString("R", CultureInfo.InvariantCulture) + "D";

    /// <summary>A CUDA C double literal (e.g. <c>0.1</c>, <c>-2.0</c>).</summary>
    public static string CDouble(double value)
    {
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.IndexOfAny(new[] { '.', 'E', 'e' }) >= 0 ? text : text + ".0";
    }

    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Formats a number for a diagnostic message.</summary>
    public static string Show(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
