namespace OdeKernels.Generators.Tests;

/// <summary>Test sources declaring tableaux in namespace <c>Sample</c> (the runtime's own tableaux live in <c>OdeKernels</c>).</summary>
internal static class SampleTableaux
{
    /// <summary>Heun–Euler 2(1): two stages, embedded Euler step, not FSAL.</summary>
    public const string HeunEulerArguments = """
        C = new[] { 0.0, 1.0 },
            A = new[] { 1.0 },
            B = new[] { 1.0 / 2, 1.0 / 2 },
            BHat = new[] { 1.0, 0.0 },
            Order = 2, EmbeddedOrder = 1
        """;

    /// <summary>Bogacki–Shampine 3(2): four stages, FSAL (the last row of A is B and c₄ = 1), a₃₁ = 0.</summary>
    public const string Bosh3Arguments = """
        C = new[] { 0.0, 1.0 / 2, 3.0 / 4, 1.0 },
            A = new[] {
                1.0 / 2,
                0.0, 3.0 / 4,
                2.0 / 9, 1.0 / 3, 4.0 / 9 },
            B = new[] { 2.0 / 9, 1.0 / 3, 4.0 / 9, 0.0 },
            BHat = new[] { 7.0 / 24, 1.0 / 4, 1.0 / 3, 1.0 / 8 },
            Order = 3, EmbeddedOrder = 2
        """;

    /// <summary>The classical fourth-order method, without embedded weights (fixed steps only).</summary>
    public const string Rk4Arguments = """
        C = new[] { 0.0, 1.0 / 2, 1.0 / 2, 1.0 },
            A = new[] {
                1.0 / 2,
                0.0, 1.0 / 2,
                0.0, 0.0, 1.0 },
            B = new[] { 1.0 / 6, 1.0 / 3, 1.0 / 3, 1.0 / 6 },
            Order = 4
        """;

    /// <summary>Heun's second-order method, without embedded weights.</summary>
    public const string HeunArguments = """
        C = new[] { 0.0, 1.0 },
            A = new[] { 1.0 },
            B = new[] { 1.0 / 2, 1.0 / 2 },
            Order = 2
        """;

    public static readonly string HeunEuler = Declare("HeunEuler", HeunEulerArguments);

    public static readonly string Bosh3 = Declare("Bosh3", Bosh3Arguments);

    public static readonly string Rk4 = Declare("Rk4", Rk4Arguments);

    /// <summary>A source declaring <c>Sample.{name}</c> with <c>[ButcherTableau({arguments})]</c>.</summary>
    /// <param name="name">The struct's name (with type parameters, if any).</param>
    /// <param name="arguments">The attribute's named arguments.</param>
    /// <param name="modifiers">The struct's modifiers.</param>
    public static string Declare(string name, string arguments, string modifiers = "public partial") => $$"""
        using OdeKernels;

        namespace Sample;

        [ButcherTableau(
            {{arguments}})]
        {{modifiers}} struct {{name}}
        {
        }

        """;
}
