namespace OdeKernels.Generators.Tests;

/// <summary>Declarations whose names need care: C# keywords, keyword namespaces, record structs.</summary>
public sealed class ButcherTableauNamingTests
{
    [Fact]
    public void KeywordTypeNameIsEscapedInTheGeneratedCode()
    {
        GeneratorRun run = GeneratorHarness.Run(SampleTableaux.Declare("@event", SampleTableaux.HeunEulerArguments));
        run.AssertClean();
        string source = Assert.Single(run.Sources).SourceText.ToString();
        Assert.Contains("partial struct @event :", source);
        Assert.Contains("\"event\", 2, 1", source);
    }

    [Fact]
    public void KeywordNamespaceDoesNotCrashTheGenerator()
    {
        string source = SampleTableaux.Declare("Heun2", SampleTableaux.HeunEulerArguments).Replace("namespace Sample;", "namespace Sample.@class;");
        GeneratorRun run = GeneratorHarness.Run(source);
        run.AssertClean();
        Microsoft.CodeAnalysis.GeneratedSourceResult generated = Assert.Single(run.Sources);
        Assert.Contains("namespace Sample.@class;", generated.SourceText.ToString());
        Assert.DoesNotContain("@", generated.HintName);
    }

    [Fact]
    public void RecordStructTableauIsGenerated()
    {
        GeneratorRun run = GeneratorHarness.Run(SampleTableaux.Declare("Heun3", SampleTableaux.HeunEulerArguments, "public partial record"));
        run.AssertClean();
        Assert.Contains("partial record struct Heun3 :", Assert.Single(run.Sources).SourceText.ToString());
    }
}
