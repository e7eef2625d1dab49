using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace OdeKernels.Generators.Tests;

/// <summary>
/// The public API compiles from C# 13 (net9.0's default language version) as well as C# 14: before C# 14's
/// first-class spans, an array does not take part in inferring T of a ReadOnlySpan&lt;T&gt; parameter, so the README's
/// <c>Ode.Solve(new Decay(), tableau, y0, saveAt, options)</c> with <c>double[]</c> arguments needs array overloads,
/// and those must not make any call ambiguous in C# 14. No generator runs here: the snippets use built-in tableaux.
/// </summary>
public sealed class PublicApiLanguageVersionTests
{
    private const string Usings = """
        using System;
        using OdeKernels;
        using OdeKernels.Models;
        using OdeKernels.Training;

        public readonly struct Decay : IOdeSystem<double>
        {
            public int StateSize => 1;
            public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt) => dydt[0] = -y[0];
        }

        public sealed class Linear : IDifferentiableSystem<double>
        {
            private readonly double[] _theta = { -1.0 };
            public int StateSize => 1;
            public int ParameterCount => 1;
            public Span<double> Parameters => _theta;
            public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt) => dydt[0] = _theta[0] * y[0];
            public void Vjp(double t, ReadOnlySpan<double> y, ReadOnlySpan<double> a, Span<double> dy, Span<double> dtheta)
            {
                dy[0] += a[0] * _theta[0];
                dtheta[0] += a[0] * y[0];
            }
        }

        """;

    // README, "Declare a tableau, solve an ODE" (with the built-in HeunEuler for the declared MyHeunEuler).
    private const string ReadmeSolve = """
        public static class Snippet
        {
            public static double Run()
            {
                double[] y0 = { 1.0, 2.0, 3.0 };
                double[] saveAt = { 0.0, 0.5, 1.0 };
                var options = new SolverOptions { RelativeTolerance = 1e-8, AbsoluteTolerance = 1e-10 };
                Solution<double> sol = Ode.Solve(new Decay(), new HeunEuler(), y0, saveAt, options);
                double y = sol[2, 1, 0];
                SolverStats work = sol.Stats;
                double[] states = new double[9];
                SolverStats into = Ode.SolveInto(new Decay(), new HeunEuler(), y0, saveAt, states, options);
                return y + work.Evaluations + into.Evaluations + states[8];
            }
        }
        """;

    private const string ArrayGradients = """
        public static class Snippet
        {
            public static double Run()
            {
                double[] y0 = { 1.0, 2.0 };
                double[] saveAt = { 0.0, 1.0 };
                double[] dLdY = new double[4];
                var options = new SolverOptions();
                Gradient<double> a = Ode.Gradient(new Linear(), new Tsit5(), y0, saveAt, dLdY, options, AdjointMethod.Backsolve);
                Gradient<double> b = Ode.Gradient(new Linear(), new Tsit5(), y0, saveAt, dLdY);
                Gradient<double> c = Ode.Gradient(new Linear(), new Tsit5(), y0, saveAt, (solution, g) => { g[^1] = 1; return solution.States[^1]; }, options);
                Gradient<double> d = Ode.Gradient(new Linear(), new Tsit5(), y0, saveAt, (solution, g) => 0.0, options, AdjointMethod.Checkpointed, checkpoints: 4);
                return a.Parameters[0] + b.Parameters[0] + c.Loss + d.Loss;
            }
        }
        """;

    private const string MixedArguments = """
        public static class Snippet
        {
            public static double Run(ReadOnlySpan<double> span)
            {
                double[] y0 = { 1.0 };
                double[] saveAt = { 0.0, 1.0 };
                double s = Ode.Solve(new Decay(), new Tsit5(), [1.0], saveAt).States[^1];
                s += Ode.Solve(new Decay(), new Tsit5(), y0, [0.0, 1.0]).States[^1];
                s += Ode.Solve(new Decay(), new Tsit5(), span, saveAt).States[^1];
                s += Ode.Solve(new Decay(), new Tsit5(), y0, span).States[^1];
                s += Ode.Solve(new Decay(), new Tsit5(), span, span, null).States[^1];
                s += Ode.Gradient(new Linear(), new Tsit5(), y0, [0.0, 1.0], new double[2]).Parameters[0];
                s += Ode.Gradient(new Linear(), new Tsit5(), y0, saveAt, span).Parameters[0];
                return s;
            }
        }
        """;

    private const string TrainingHelpers = """
        public static class Snippet
        {
            public static double Run()
            {
                double[] predicted = { 1.0, 2.0 }, target = { 0.0, 0.0 }, dLdY = new double[2];
                int[] labels = { 1 };
                double s = Losses.MeanSquaredError(predicted, target, dLdY);
                s += Losses.SumSquaredError(predicted, target, dLdY);
                s += Losses.CrossEntropy(predicted, labels, 2, dLdY);
                s += GradientClipping.ClipByNorm(dLdY, 1.0);
                s += NetworkTraining.Accuracy(predicted, labels, 2);
                s += Losses.MeanSquaredError(predicted, [0.0, 0.0], dLdY);
                return s;
            }
        }
        """;

    // README, "Per-lane save times": arrays with LaneSaveTimes, which fixes T for the spans.
    private const string ReadmeLanes = """
        public static class Snippet
        {
            public static double Run()
            {
                double[] y0 = { 1.0, 2.0, 3.0 };
                var times = LaneSaveTimes<double>.FromLanes(0.0, [[0.3, 1.1, 2.5], [], [0.0, 0.7]]);
                var options = new SolverOptions();
                LaneSolution<double> sol = Ode.Solve(new Linear(), new Tsit5(), y0, times, options);
                ReadOnlySpan<double> s = sol.State(lane: 2, save: 1);
                double[] states = new double[times.Count];
                SolverStats into = Ode.SolveInto(new Linear(), new Tsit5(), y0, times, states, options);
                double[] dLdY = new double[times.Count];
                LaneGradient<double> g = Ode.Gradient(new Linear(), new Tsit5(), y0, times, dLdY, options, AdjointMethod.Checkpointed);
                LaneGradient<double> h = Ode.Gradient(new Linear(), new Tsit5(), y0, times, (solution, d) => { d[0] = 1; return solution.States[0]; }, options);
                return s[0] + into.Evaluations + g.Parameters[0] + h.Loss;
            }
        }
        """;

    public static TheoryData<string, string> Snippets() => new()
    {
        { "README per-lane save times", ReadmeLanes },
        { "README solve", ReadmeSolve },
        { "array gradients", ArrayGradients },
        { "mixed arrays, spans and collection expressions", MixedArguments },
        { "training helpers", TrainingHelpers },
    };

    [Theory]
    [MemberData(nameof(Snippets))]
    public void CompilesWithCSharp13(string name, string snippet) => AssertCompiles(name, snippet, LanguageVersion.CSharp13);

    [Theory]
    [MemberData(nameof(Snippets))]
    public void CompilesWithCSharp14(string name, string snippet) => AssertCompiles(name, snippet, LanguageVersion.Preview);

    [Theory]
    [InlineData(LanguageVersion.CSharp13, "T[]")]
    [InlineData(LanguageVersion.Preview, "ReadOnlySpan<T>")]
    public void ArraysBindToTheArrayOverloadOnlyWhereTheSpanOverloadCannotInferT(LanguageVersion version, string y0Type)
    {
        Compilation compilation = Compile(ReadmeSolve, version);
        SyntaxTree tree = compilation.SyntaxTrees.Single();
        InvocationExpressionSyntax call = tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Single(i => i.Expression.ToString() == "Ode.Solve");
        var method = (IMethodSymbol)compilation.GetSemanticModel(tree).GetSymbolInfo(call).Symbol!;
        Assert.Equal(y0Type, method.OriginalDefinition.Parameters[2].Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat));
    }

    [Fact]
    public void TheHarnessReallyCompilesCSharp13()
    {
        // Control: the language rule the array overloads exist for. A span-only generic method cannot infer T from an
        // array in C# 13 (CS0411) but can in C# 14.
        const string spanOnly = """
            public static class Snippet
            {
                private static int Count<T>(ReadOnlySpan<T> values) => values.Length;
                public static int Run() => Count(new double[3]);
            }
            """;
        Assert.Contains(Errors(Compile(spanOnly, LanguageVersion.CSharp13)), d => d.Id == "CS0411");
        Assert.Empty(Errors(Compile(spanOnly, LanguageVersion.Preview)));
    }

    private static void AssertCompiles(string name, string snippet, LanguageVersion version)
    {
        ImmutableArray<Diagnostic> errors = Errors(Compile(snippet, version));
        Assert.True(errors.IsEmpty, $"'{name}' does not compile with {version}:\n{GeneratorHarness.Describe(errors)}");
    }

    private static Compilation Compile(string snippet, LanguageVersion version)
    {
        SyntaxTree tree = CSharpSyntaxTree.ParseText(Usings + snippet, CSharpParseOptions.Default.WithLanguageVersion(version), "Snippet.cs");
        return GeneratorHarness.CreateCompilation().AddSyntaxTrees(tree);
    }

    private static ImmutableArray<Diagnostic> Errors(Compilation compilation) =>
        compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
}
