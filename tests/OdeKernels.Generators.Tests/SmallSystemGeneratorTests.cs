using System;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace OdeKernels.Generators.Tests;

/// <summary>
/// <c>[SmallOdeSystem]</c>: the state form written from a span <c>Evaluate</c> (a baseline, and clean compilations for
/// every state size, element type and way of declaring the members), and one ODEK5NN error, located on the construct
/// at fault, for every declaration it cannot translate; such a struct gets nothing generated and still compiles.
/// </summary>
public sealed class SmallSystemGeneratorTests
{
    private const string LotkaVolterra = """
        using System;
        using static System.Math;
        using OdeKernels;

        namespace Sample;

        [SmallOdeSystem]
        public readonly partial struct LotkaVolterra : IOdeSystem<double>
        {
            private readonly double _alpha;

            public LotkaVolterra(double alpha) => _alpha = alpha;

            public int StateSize => 2;

            public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt)
            {
                double xy = y[0] * y[1]; // shared product
                dydt[0] = (_alpha * y[0]) - xy;
                dydt[1] = Abs(-3 * y[1]) + xy;
                dydt[1] += 0 * dydt[0] * t;
            }
        }
        """;

    [Fact]
    public void TheStateForm_MatchesVerifiedSnapshot()
    {
        AllGeneratorsRun run = AllGeneratorsRun.Of(LotkaVolterra);

        run.AssertClean();
        Assert.Equal("Sample.LotkaVolterra.SmallOdeSystem.g.cs", Assert.Single(run.Sources).HintName);
        Snapshot.Match(run.Sources[0].SourceText.ToString(), "SmallOdeSystem.LotkaVolterra");
    }

    [Theory]
    [InlineData("float", 3, "public int StateSize { get { return 3; } }", "public void Evaluate(float t, ReadOnlySpan<float> y, Span<float> dydt)", "struct")]
    [InlineData("double", 4, "int IOdeSystem<double>.StateSize => Size;", "void IOdeSystem<double>.Evaluate(double time, ReadOnlySpan<double> u, Span<double> du)", "record struct")]
    [InlineData("double", 2, "public int StateSize { get => 2; }", "public readonly void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt)", "struct")]
    public void EveryStateSizeAndDeclarationCompilesClean(string element, int size, string stateSize, string signature, string keyword)
    {
        string[] names = signature.Contains("du", StringComparison.Ordinal) ? ["u", "du"] : ["y", "dydt"];
        string body = string.Join("\n", Enumerable.Range(0, size).Select(k => $"        {names[1]}[{k}] = -{names[0]}[{(k + 1) % size}];"));
        string source = $$"""
            using System;
            using OdeKernels;

            [SmallOdeSystem]
            public partial {{keyword}} Sys : IOdeSystem<{{element}}>
            {
                private const int Size = {{size}};

                {{stateSize}}

                {{signature}}
                {
            {{body}}
                }
            }
            """;
        AllGeneratorsRun run = AllGeneratorsRun.Of(source);

        run.AssertClean();
        string text = Assert.Single(run.Sources).SourceText.ToString();
        Assert.Contains($"global::OdeKernels.ISmallOdeSystem<{element}, global::OdeKernels.State{size}<{element}>>", text, StringComparison.Ordinal);
    }

    [Fact]
    public void IfAndElseAreTranslatedWhenEveryPathAssigns()
    {
        const string Source = """
            using System;
            using OdeKernels;

            [SmallOdeSystem]
            public partial struct Friction : IOdeSystem<double>
            {
                public int StateSize => 2;

                public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt)
                {
                    dydt[0] = y[1];
                    if (y[1] > 0)
                    {
                        dydt[1] = -y[0] - 0.3;
                    }
                    else if (y[1] < 0)
                        dydt[1] = -y[0] + 0.3;
                    else
                    {
                        double stick = -y[0];
                        dydt[1] = Math.Abs(stick) < 0.3 ? 0 : stick;
                    }

                    if (t > 100)
                    {
                        dydt[0] += dydt[1] * 0;
                    }
                }
            }
            """;

        AllGeneratorsRun run = AllGeneratorsRun.Of(Source);
        run.AssertClean();
        Assert.Contains("else if (__ode_y1 < 0)", run.Sources[0].SourceText.ToString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// The contracted form (<c>EvaluateContracted</c>) fuses a·b ± c of one floating-point type as GCC contracts C, with
    /// the operands in source order, and leaves alone what GCC would not fuse or C# folds: constant products, integer
    /// products, a float product in a double sum, a compound assignment to a property (its getter and setter would run
    /// differently), a string concatenation. The exact form keeps every statement as written.
    /// </summary>
    [Theory]
    [InlineData("dydt[0] = y[0] * y[1] + t;", "__ode_f0 = global::OdeKernels.Generated.Contraction.MultiplyAdd(__ode_y0, __ode_y1, t);")]
    [InlineData("dydt[0] = t + y[0] * y[1];", "__ode_f0 = global::OdeKernels.Generated.Contraction.AddProduct(t, __ode_y0, __ode_y1);")]
    [InlineData("dydt[0] = (y[0] * y[1]) - t;", "__ode_f0 = global::OdeKernels.Generated.Contraction.MultiplyAdd(__ode_y0, __ode_y1, -(t));")]
    [InlineData("dydt[0] = t - y[0] * y[1];", "__ode_f0 = global::OdeKernels.Generated.Contraction.AddProduct(t, -(__ode_y0), __ode_y1);")]
    [InlineData("dydt[0] = y[0] * y[1] + t * y[0];", "__ode_f0 = global::OdeKernels.Generated.Contraction.MultiplyAdd(__ode_y0, __ode_y1, t * __ode_y0);")]
    [InlineData("dydt[0] = (y[0] * y[1]) * t + (1 - y[0] * y[0]);", "__ode_f0 = global::OdeKernels.Generated.Contraction.MultiplyAdd((__ode_y0 * __ode_y1), t, (global::OdeKernels.Generated.Contraction.AddProduct(1, -(__ode_y0), __ode_y0)));")]
    [InlineData("dydt[0] = y[0]; dydt[0] -= y[1] * t;", "__ode_f0 = global::OdeKernels.Generated.Contraction.AddProduct(__ode_f0, -(__ode_y1), t);")]
    [InlineData("K += y[0] * t; dydt[0] = K;", "K = global::OdeKernels.Generated.Contraction.AddProduct(K, __ode_y0, t);")]
    [InlineData("double s = 1; s += (y[0] * t); dydt[0] = s;", "s = global::OdeKernels.Generated.Contraction.AddProduct(s, __ode_y0, t);")]
    [InlineData("float g = F * F + 1; dydt[0] = g;", "float g = global::OdeKernels.Generated.Contraction.MultiplyAdd(F, F, 1);")]
    [InlineData("dydt[0] = 0.1 * 0.3 + y[0];", "__ode_f0 = 0.1 * 0.3 + __ode_y0;")]
    [InlineData("dydt[0] = N * 3 + y[0];", "__ode_f0 = N * 3 + __ode_y0;")]
    [InlineData("dydt[0] = F * F + y[0];", "__ode_f0 = F * F + __ode_y0;")]
    [InlineData("Rate += y[0] * t; dydt[0] = Rate;", "Rate += __ode_y0 * t;")]
    [InlineData("dydt[0] = y[0] * y[1] * t;", "__ode_f0 = __ode_y0 * __ode_y1 * t;")]
    [InlineData("dydt[0] = (\"s\" + y[0] * y[1]).Length;", "__ode_f0 = (\"s\" + __ode_y0 * __ode_y1).Length;")]
    public void TheContractedFormFusesWhatGccWouldAndNothingElse(string statements, string contracted)
    {
        string source = $$"""
            using System;
            using OdeKernels;

            [SmallOdeSystem]
            public partial struct Sys : IOdeSystem<double>
            {
                public double K;
                public float F;
                public int N;

                public double Rate { get; set; }

                public int StateSize => 2;

                public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt)
                {
                    {{statements}}
                    dydt[1] = y[1];
                }
            }
            """;

        AllGeneratorsRun run = AllGeneratorsRun.Of(source);
        run.AssertClean();
        string text = run.Sources[0].SourceText.ToString();
        int split = text.IndexOf(".EvaluateContracted(", StringComparison.Ordinal);
        Assert.True(split > 0, text);
        string exact = text[..split], fused = text[split..];
        Assert.Contains(contracted, fused.Split('\n').Select(line => line.Trim()));
        Assert.DoesNotContain("Contraction.", exact, StringComparison.Ordinal);
    }

    [Fact]
    public void ARecordStructsPositionalPropertiesAreReadAsProperties()
    {
        const string Source = """
            using System;
            using OdeKernels;

            [SmallOdeSystem]
            public readonly partial record struct Decay(double Rate) : IOdeSystem<double>
            {
                public int StateSize => 2;

                public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt)
                {
                    dydt[0] = -Rate * y[0];
                    dydt[1] = -Rate * y[1];
                }
            }
            """;

        AllGeneratorsRun.Of(Source).AssertClean();
    }

    [Theory]
    [InlineData("ODEK501", "public partial class Sys : IOdeSystem<double> { public int StateSize => 2; public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt) { dydt[0] = y[0]; dydt[1] = y[1]; } }", "Sys", "a class")]
    [InlineData("ODEK501", "public struct Sys : IOdeSystem<double> { public int StateSize => 2; public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt) { dydt[0] = y[0]; dydt[1] = y[1]; } }", "Sys", "not declared partial")]
    [InlineData("ODEK501", "public partial struct Sys<TOther> : IOdeSystem<double> { public int StateSize => 2; public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt) { dydt[0] = y[0]; dydt[1] = y[1]; } }", "Sys", "generic")]
    [InlineData("ODEK502", "public partial struct Sys { }", "Sys", "does not implement IOdeSystem<T>")]
    [InlineData("ODEK502", "public partial struct Sys : IOdeSystem<Half> { public int StateSize => 2; public void Evaluate(Half t, ReadOnlySpan<Half> y, Span<Half> dydt) { dydt[0] = y[0]; dydt[1] = y[1]; } }", "Sys", "IOdeSystem<System.Half>")]
    [InlineData("ODEK503", "public partial struct Sys : IOdeSystem<double> { public int StateSize => 5; public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt) { dydt[0] = y[0]; } }", "5", "is 5")]
    [InlineData("ODEK503", "public partial struct Sys : IOdeSystem<double> { private int _n; public int StateSize => _n; public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt) { dydt[0] = y[0]; } }", "_n", "not a constant")]
    [InlineData("ODEK503", "public partial struct Sys : IOdeSystem<double> { public int StateSize { get; init; } public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt) { dydt[0] = y[0]; } }", "StateSize", "not a property that returns one expression")]
    [InlineData("ODEK504", "public partial struct Sys : IOdeSystem<double> { public int StateSize => 2; public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt) { for (int i = 0; i < 2; i++) dydt[i] = y[i]; } }", "for (int i = 0; i < 2; i++) dydt[i] = y[i];", "a loop")]
    [InlineData("ODEK504", "public partial struct Sys : IOdeSystem<double> { public int StateSize => 2; public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt) { dydt[0] = y.Length; dydt[1] = y[1]; } }", "y", "other than as 'y[k]'")]
    [InlineData("ODEK504", "public partial struct Sys : IOdeSystem<double> { public int StateSize => 2; public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt) { dydt[0] = y[2]; dydt[1] = y[1]; } }", "y", "constant k from 0 to 1")]
    [InlineData("ODEK504", "public partial struct Sys : IOdeSystem<double> { public int StateSize => 2; public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt) { dydt[0] = y[1]; } }", "Evaluate", "does not assign 'dydt[1]' on every path")]
    [InlineData("ODEK504", "public partial struct Sys : IOdeSystem<double> { public int StateSize => 2; public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt) { dydt[0] = y[1]; if (t > 1) { dydt[1] = y[0]; } } }", "Evaluate", "does not assign 'dydt[1]' on every path")]
    [InlineData("ODEK504", "public partial struct Sys : IOdeSystem<double> { public int StateSize => 2; public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt) { if (t > 1) dydt[0] = y[1]; else dydt[1] = 0; dydt[1] = dydt[0]; } }", "dydt[0]", "reads 'dydt[0]' before assigning it on every path")]
    [InlineData("ODEK504", "public partial struct Sys : IOdeSystem<double> { public int StateSize => 2; public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt) { dydt[0] = dydt[1]; dydt[1] = y[1]; } }", "dydt[1]", "reads 'dydt[1]' before assigning it")]
    [InlineData("ODEK504", "public partial struct Sys : IOdeSystem<double> { public int StateSize => 2; public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt) { dydt[0] += y[0]; dydt[1] = y[1]; } }", "dydt[0]", "reads 'dydt[0]' before assigning it")]
    [InlineData("ODEK504", "public partial struct Sys : IOdeSystem<double> { public int StateSize => 2; public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt) => Fill(y, dydt); private static void Fill(ReadOnlySpan<double> y, Span<double> dydt) { } }", "y", "other than as 'y[k]'")]
    [InlineData("ODEK504", "public partial struct Sys : IOdeSystem<double> { public int StateSize => 2; public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt) { Twice(ref dydt[0], y[0]); dydt[1] = y[1]; } private static void Twice(ref double d, double v) => d = 2 * v; }", "dydt[0]", "by reference")]
    [InlineData("ODEK504", "public partial struct Sys : IOdeSystem<double> { public int StateSize => 2; public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt) { double a; dydt[0] = a = y[0]; dydt[1] = dydt[0] = y[1]; } }", "dydt[0] = y[1]", "inside an expression")]
    [InlineData("ODEK504", "public partial struct Sys : IOdeSystem<double> { public int StateSize => 2; public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt) { double __ode_y0 = y[0]; dydt[0] = __ode_y0; dydt[1] = y[1]; } }", "Sys", "'__ode_y0'")]
    [InlineData("ODEK504", "public partial struct Sys(double rate) : IOdeSystem<double> { public int StateSize => 2; public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt) { dydt[0] = rate * y[1]; dydt[1] = y[0]; } }", "rate", "primary constructor parameter 'rate'")]
    [InlineData("ODEK504", "public partial struct Sys : IOdeSystem<double> { public int StateSize => 2; public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt) {\n#if DEBUG\n dydt[0] = y[1];\n#else\n dydt[0] = -y[1];\n#endif\n dydt[1] = y[0]; } }", "dydt[0] = -y[1];", "preprocessor directives")]
    [InlineData("ODEK505", "public partial struct Sys : IOdeSystem<double>, ISmallOdeSystem<double, State2<double>> { public int StateSize => 2; public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt) { dydt[0] = y[0]; dydt[1] = y[1]; } public State2<double> Evaluate(double t, State2<double> y) => y; }", "Sys", "already implements")]
    public void WhatCannotBeTranslatedIsOneErrorAndNothingGenerated(string id, string declaration, string at, string message)
    {
        AllGeneratorsRun run = AllGeneratorsRun.Of($"using System;\nusing OdeKernels;\n\n[SmallOdeSystem]\n{declaration}\n");

        Diagnostic diagnostic = run.Single(id);
        Assert.Equal(at, run.TextAt(diagnostic.Location));
        Assert.Contains(message, diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(run.Sources);
        // The struct itself still compiles (CS0592: the attribute on a class is the compiler's error too).
        Assert.DoesNotContain(run.Problems, p => p.Severity == DiagnosticSeverity.Error && p.Id is not ("CS0592" or "CS0579") && !p.Id.StartsWith("ODEK", StringComparison.Ordinal));
    }

    [Fact]
    public void TheAttributeOnTwoPartsGeneratesOnceAndReportsTheSecond()
    {
        const string Parts = """
            using System;
            using OdeKernels;

            [SmallOdeSystem]
            public partial struct Sys : IOdeSystem<double> { public int StateSize => 2; public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt) { dydt[0] = y[1]; dydt[1] = -y[0]; } }

            [SmallOdeSystem]
            public partial struct Sys { }
            """;
        AllGeneratorsRun run = AllGeneratorsRun.Of(Parts);

        Assert.Single(run.Sources);
        Assert.Equal("ODEK307", Assert.Single(run.GeneratorDiagnostics).Id);
        Location second = run.GeneratorDiagnostics[0].Location;
        Assert.Equal("SmallOdeSystem", run.TextAt(second));
        Assert.Equal(6, second.GetLineSpan().StartLinePosition.Line);
        Assert.Contains(run.Problems, p => p.Id == "CS0579");
    }
}
