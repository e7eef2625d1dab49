using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using OdeKernels.Generators.Tableaux;

namespace OdeKernels.Generators.Tests;

/// <summary>
/// The tableau checks judge each condition relative to the size of its terms (64 ε of Σ|terms|, see
/// <see cref="OrderTolerance"/>), not by absolute tolerances: a valid tableau whose large coefficients cancel passes,
/// a defect of 1e-10 in weights of ordinary size fails, and every built-in method still passes.
/// </summary>
public sealed class TableauToleranceTests
{
    private static readonly double[] Rk4C = { 0.0, 0.5, 0.5, 1.0 };
    private static readonly double[] Rk4A = { 0.5, 0.0, 0.5, 0.0, 0.0, 1.0 };
    private static readonly double[] Rk4B = { 1.0 / 6, 1.0 / 3, 1.0 / 3, 1.0 / 6 };

    [Theory]
    [InlineData(0, 1e6)]
    [InlineData(2, 1e6)]
    [InlineData(1, 1e9)]
    public void SplitStageWithLargeCancellingCoefficients_IsAccepted(int stage, double scale)
    {
        (double[] c, double[] a, double[] b) = SplitStage(Rk4C, Rk4A, Rk4B, stage, scale);

        // The same method, but the old absolute tolerances (1e-12 for sums, 1e-10 for order conditions) reject it.
        double[][] full = Full(a, c.Length);
        double rowSums = Enumerable.Range(0, c.Length).Max(i => Math.Abs(full[i].Sum() - c[i]));
        int? failing = OrderConditions.FirstFailingOrder(c, full, b, 4, 1e-10);
        Assert.True(
            rowSums > 1e-12 || Math.Abs(b.Sum() - 1.0) > 1e-12 || failing is not null,
            $"The old checks accept the split tableau too (row sums off by {rowSums:R}, weights by {b.Sum() - 1:R}); the test would not tell the tolerances apart.");
        GeneratorRun run = GeneratorHarness.Run(SampleTableaux.Declare("Split", Arguments(c, a, b, order: 4)));

        run.AssertClean();
    }

    [Fact]
    public void WeightsPerturbedBy1e10_AreRejected()
    {
        // b₂ + δ, b₃ − δ keeps Σb and Σbc: the first tree to see it is [[•]] of order 3 (Σ bᵢ aᵢⱼ cⱼ changes by δ/4).
        double[] b = (double[])Rk4B.Clone();
        b[1] += 1e-10;
        b[2] -= 1e-10;
        Assert.Null(OrderConditions.FirstFailingOrder(Rk4C, Full(Rk4A, 4), b, 4, 1e-10)); // What the old absolute 1e-10 accepted.

        GeneratorRun run = GeneratorHarness.Run(SampleTableaux.Declare("Perturbed", Arguments(Rk4C, Rk4A, b, order: 4)));

        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("ODEK008", diagnostic.Id);
        Assert.Contains("the order conditions of order 3 fail for B (the weights reach order 2)", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("to within 64 eps (1/gamma(t) + sum_i |b_i| |Phi|_i(t))", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void DecimalsRoundedTo12Digits_AreRejected_AndTheMessageStatesTheTolerance()
    {
        GeneratorRun run = GeneratorHarness.Run(SampleTableaux.Declare("Rounded", "C = new[] { 0.0, 0.333333333333 }, A = new[] { 1.0 / 3 }, B = new[] { 0.0, 1.0 }, Order = 1"));

        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("ODEK006", diagnostic.Id);
        double bound = 64 * Math.Pow(2, -52) * (0.333333333333 + (1.0 / 3));
        Assert.EndsWith($"to within 64 eps (|c_i| + sum_j |a_ij|) = {bound.ToString("R", CultureInfo.InvariantCulture)}, eps = 2^-52", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void WeightSumMessage_StatesTheTolerance()
    {
        GeneratorRun run = GeneratorHarness.Run(SampleTableaux.Declare("Off", "C = new[] { 0.0, 1.0 }, A = new[] { 1.0 }, B = new[] { 0.5, 0.5000001 }, Order = 1"));

        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("ODEK007", diagnostic.Id);
        double bound = 64 * Math.Pow(2, -52) * ((0.5 + 0.5000001) + 1);
        Assert.Contains($"not 1 to within 64 eps (1 + sum_i |b_i|) = {bound.ToString("R", CultureInfo.InvariantCulture)}", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void EveryBuiltInTableau_PassesEveryCheck()
    {
        string directory = Path.GetFullPath(Path.Combine(Snapshot.ProjectDirectory(), "..", "..", "kernels", "Tableaux"));
        string[] files = Directory.GetFiles(directory, "*.cs").OrderBy(f => f, StringComparer.Ordinal).ToArray();
        Assert.Equal(11, files.Length);

        // The runtime assembly the harness references holds the same types; only the generator's verdict matters here.
        GeneratorRun run = GeneratorHarness.Run(files.Select(File.ReadAllText).ToArray());

        Assert.True(run.GeneratorDiagnostics.IsEmpty, "Generator diagnostics:" + Environment.NewLine + GeneratorHarness.Describe(run.GeneratorDiagnostics));
        Assert.Equal(11, run.Sources.Length);
        Assert.All(run.Sources, s => Assert.DoesNotContain("every member throws", s.SourceText.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public void RelativeTolerance_ScalesWithTheTermsAndTheAbsoluteOneWithTheExactValue()
    {
        var tolerance = new OrderTolerance(1e-3, 1e-6);
        Assert.Equal((1e-3 * 2.0) + (1e-6 * (10.0 + 2.0)), tolerance.Bound(exact: 2.0, magnitude: 10.0), 15);
        Assert.Equal(1e-3, new OrderTolerance(1e-3, 0).Bound(exact: 0.5, magnitude: 1e9), 15);
        Assert.Equal(64 * Math.Pow(2, -52), OrderTolerance.Checks.Relative);
        Assert.Equal(0.0, OrderTolerance.Checks.Absolute);
    }

    /// <summary>
    /// Splits stage <paramref name="stage"/> into two with the same node and row, whose weights and A entries below
    /// are (1 + s) and −s times the original's: the same method, with coefficients of size s that cancel.
    /// </summary>
    private static (double[] C, double[] A, double[] B) SplitStage(double[] c, double[] a, double[] b, int stage, double s)
    {
        int n = c.Length;
        double[][] full = Full(a, n);
        int[] from = Enumerable.Range(0, n + 1).Select(i => i <= stage ? i : i - 1).ToArray();
        var newA = new double[n + 1][];
        for (int i = 0; i <= n; i++)
        {
            newA[i] = new double[n + 1];
            for (int j = 0; j < i; j++)
            {
                double original = full[from[i]][from[j]];
                bool below = i > stage + 1;
                newA[i][j] = !below || (j != stage && j != stage + 1) ? (j == stage + 1 ? 0.0 : original)
                    : j == stage ? (1 + s) * original : -s * full[from[i]][stage];
            }
        }

        double[] newB = Enumerable.Range(0, n + 1).Select(j => j == stage ? (1 + s) * b[stage] : j == stage + 1 ? -s * b[stage] : b[from[j]]).ToArray();
        double[] newC = Enumerable.Range(0, n + 1).Select(i => c[from[i]]).ToArray();
        double[] lower = Enumerable.Range(1, n).SelectMany(i => newA[i].Take(i)).ToArray();
        return (newC, lower, newB);
    }

    private static double[][] Full(double[] a, int n) =>
        Enumerable.Range(0, n).Select(i => Enumerable.Range(0, n).Select(j => j < i ? a[(i * (i - 1) / 2) + j] : 0.0).ToArray()).ToArray();

    private static string Arguments(double[] c, double[] a, double[] b, int order) =>
        $"C = {Array(c)}, A = {Array(a)}, B = {Array(b)}, Order = {order.ToString(CultureInfo.InvariantCulture)}";

    private static string Array(double[] values) =>
        "new[] { " + string.Join(", ", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture) is var t && (t.Contains('.') || t.Contains('E')) ? t : t + ".0")) + " }";
}
