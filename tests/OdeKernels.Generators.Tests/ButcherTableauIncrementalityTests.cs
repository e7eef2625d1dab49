using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using OdeKernels.Generators.Common;
using OdeKernels.Generators.Tableaux;

namespace OdeKernels.Generators.Tests;

/// <summary>
/// Edits that do not touch a tableau's coefficients must not re-emit it: the pipeline's steps report
/// <see cref="IncrementalStepRunReason.Cached"/> (not run) or <see cref="IncrementalStepRunReason.Unchanged"/> (run,
/// equal output). That the model they carry holds nothing that would make equal tableaux compare unequal is checked,
/// for every generator's model, by <see cref="IncrementalModelTests"/>.
/// </summary>
public sealed class ButcherTableauIncrementalityTests
{
    private const string Parsed = ButcherTableauGenerator.TrackingNames.Parsed;
    private const string Specs = ButcherTableauGenerator.TrackingNames.Specs;

    private static readonly IncrementalStepRunReason[] s_cached = { IncrementalStepRunReason.Cached };
    private static readonly IncrementalStepRunReason[] s_cachedOrUnchanged = { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged };

    [Fact]
    public void FirstRun_ReportsNewOutputs()
    {
        GeneratorRun run = GeneratorHarness.Run(SampleTableaux.Bosh3);

        // Guards the tests below against passing on steps that never ran or were renamed.
        AssertReasons(run, Parsed, new[] { IncrementalStepRunReason.New });
        AssertReasons(run, Specs, new[] { IncrementalStepRunReason.New });
        AssertSourceOutputs(run, new[] { IncrementalStepRunReason.New });
    }

    [Fact]
    public void AddingAnUnrelatedFile_LeavesTheTableauCached()
    {
        GeneratorRun first = GeneratorHarness.Run(SampleTableaux.Bosh3, Unrelated(1));
        Compilation edited = first.InputCompilation.AddSyntaxTrees(GeneratorHarness.Parse(Unrelated(2).Replace("Unrelated", "Another", StringComparison.Ordinal), "Another.cs"));

        GeneratorRun second = GeneratorHarness.Run(first.Driver, edited);

        // The attribute search is cached per file; the semantic read runs again on any compilation change (the
        // model could depend on other files) and must produce an equal result, so nothing after it runs.
        AssertReasons(second, Parsed, s_cachedOrUnchanged);
        AssertReasons(second, Specs, s_cachedOrUnchanged);
        AssertSourceOutputs(second, s_cached);
    }

    [Fact]
    public void EditingAnUnrelatedMethodBody_LeavesTheTableauCached()
    {
        GeneratorRun first = GeneratorHarness.Run(SampleTableaux.Bosh3, Unrelated(1));
        Compilation edited = Replace(first.InputCompilation, "Source1.cs", Unrelated(2));

        GeneratorRun second = GeneratorHarness.Run(first.Driver, edited);

        AssertReasons(second, Parsed, s_cachedOrUnchanged);
        AssertReasons(second, Specs, s_cachedOrUnchanged);
        AssertSourceOutputs(second, s_cached);
    }

    [Fact]
    public void EditingAMethodInTheTableauFile_ReparsesToAnEqualSpec()
    {
        GeneratorRun first = GeneratorHarness.Run(SampleTableaux.Bosh3 + UnrelatedClass(1));
        Compilation edited = Replace(first.InputCompilation, "Source0.cs", SampleTableaux.Bosh3 + UnrelatedClass(2));

        GeneratorRun second = GeneratorHarness.Run(first.Driver, edited);

        // The tableau's file changed, so it is parsed again, but into an equal result: nothing after it runs.
        AssertReasons(second, Parsed, s_cachedOrUnchanged);
        AssertReasons(second, Specs, s_cachedOrUnchanged);
        AssertSourceOutputs(second, s_cached);
    }

    [Fact]
    public void MovingTheTableauDown_LeavesTheSpecCached()
    {
        GeneratorRun first = GeneratorHarness.Run(SampleTableaux.Bosh3);
        Compilation moved = Replace(first.InputCompilation, "Source0.cs", "// A comment and some blank lines.\n\n\n\n" + SampleTableaux.Bosh3);

        GeneratorRun second = GeneratorHarness.Run(first.Driver, moved);

        // The spec holds no locations, so moving the declaration does not change it.
        AssertReasons(second, Parsed, s_cachedOrUnchanged);
        AssertReasons(second, Specs, s_cachedOrUnchanged);
        AssertSourceOutputs(second, s_cached);
    }

    [Fact]
    public void MovingATableauWithAWarning_ReportsItAtTheNewPlaceWithoutReemitting()
    {
        string source = SampleTableaux.Declare("Rk4", SampleTableaux.Rk4Arguments.Replace("Order = 4", "Order = 3", StringComparison.Ordinal));
        GeneratorRun first = GeneratorHarness.Run(source);
        Compilation moved = Replace(first.InputCompilation, "Source0.cs", "\n\n\n" + source);

        GeneratorRun second = GeneratorHarness.Run(first.Driver, moved);

        // Diagnostics are data beside the spec: the warning follows the declaration, the code is not re-emitted.
        int before = Assert.Single(first.GeneratorDiagnostics).Location.GetLineSpan().StartLinePosition.Line;
        int after = Assert.Single(second.GeneratorDiagnostics).Location.GetLineSpan().StartLinePosition.Line;
        Assert.Equal(before + 3, after);
        Assert.StartsWith("Order =", second.TextAt(second.GeneratorDiagnostics[0].Location));
        AssertReasons(second, Specs, s_cachedOrUnchanged);
        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(second, Parsed));
    }

    [Fact]
    public void ChangingACoefficient_ReemitsTheTableau()
    {
        GeneratorRun first = GeneratorHarness.Run(SampleTableaux.HeunEuler);
        string changed = SampleTableaux.Declare("HeunEuler", SampleTableaux.HeunEulerArguments.Replace("BHat = new[] { 1.0, 0.0 }", "BHat = new[] { 0.0, 1.0 }", StringComparison.Ordinal));
        Compilation edited = Replace(first.InputCompilation, "Source0.cs", changed);

        GeneratorRun second = GeneratorHarness.Run(first.Driver, edited);

        // The control for the tests above: a real change is seen and flows through to the output.
        second.AssertClean();
        AssertReasons(second, Specs, new[] { IncrementalStepRunReason.Modified });
        Assert.Contains(IncrementalStepRunReason.Modified, SourceOutputReasons(second));
        Assert.NotEqual(first.SingleSource, second.SingleSource);
    }

    private static string Unrelated(int value) => "namespace Sample;\n\n" + UnrelatedClass(value);

    private static string UnrelatedClass(int value) => $$"""
        internal static class Unrelated
        {
            public static int Value() => {{value}};
        }

        """;

    private static Compilation Replace(Compilation compilation, string path, string source)
    {
        SyntaxTree old = compilation.SyntaxTrees.Single(t => t.FilePath == path);
        return compilation.ReplaceSyntaxTree(old, GeneratorHarness.Parse(source, path));
    }

    private static IncrementalStepRunReason[] Reasons(GeneratorRun run, string stepName)
    {
        GeneratorRunResult result = run.RunResult.Results.Single();
        Assert.True(result.TrackedSteps.TryGetValue(stepName, out ImmutableArray<IncrementalGeneratorRunStep> steps), $"No step is tracked as '{stepName}'.");
        return steps.SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();
    }

    private static IncrementalStepRunReason[] SourceOutputReasons(GeneratorRun run)
    {
        GeneratorRunResult result = run.RunResult.Results.Single();
        Assert.True(result.TrackedOutputSteps.TryGetValue(WellKnownGeneratorOutputs.SourceOutput, out ImmutableArray<IncrementalGeneratorRunStep> steps), "No source output step is tracked.");
        return steps.SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();
    }

    private static void AssertReasons(GeneratorRun run, string stepName, IncrementalStepRunReason[] allowed)
    {
        IncrementalStepRunReason[] reasons = Reasons(run, stepName);
        Assert.True(reasons.Length > 0 && reasons.All(allowed.Contains), $"Step '{stepName}' reported [{string.Join(", ", reasons)}]; expected only [{string.Join(", ", allowed)}].");
    }

    private static void AssertSourceOutputs(GeneratorRun run, IncrementalStepRunReason[] allowed)
    {
        IncrementalStepRunReason[] reasons = SourceOutputReasons(run);
        Assert.True(reasons.Length > 0 && reasons.All(allowed.Contains), $"The source outputs reported [{string.Join(", ", reasons)}]; expected only [{string.Join(", ", allowed)}].");
    }
}
