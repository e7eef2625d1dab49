using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Emit;
using OdeKernels.Generated;

namespace OdeKernels.Generators.Tests;

/// <summary>
/// Random <c>[SmallOdeSystem]</c> bodies, run: bodies of locals, assignments and compound assignments of derivatives,
/// reads of assigned derivatives, the time, math calls, conditional expressions and nested if/else must be translated, compile
/// cleanly and, compiled and loaded, give the span <c>Evaluate</c>'s values bit for bit from the state form on random
/// states; bodies made invalid on purpose (a loop, a variable index, a derivative read first) must be refused with
/// one ODEK504 and get nothing generated. The span form is the independent reference the state form is checked
/// against, for shapes no hand-written test lists. The contracted state form (<c>EvaluateContracted</c>) is checked
/// the same way against a second, unmarked struct whose body this test writes with the fused multiply-adds already in
/// it, by the rules <c>SmallSystemGenerator.Contractor</c> documents, built on the expression tree as it is drawn
/// (so the test's contraction is a second implementation, over strings, of the generator's over syntax).
/// <c>ODEK_FUZZ_SEED</c> picks another seed.
/// </summary>
public sealed class SmallSystemTranslationFuzzTests
{
    private const int Count = 60;
    private const int Seed = 20261205;

    [Fact]
    public void EveryBodyIsRefusedOrTranslatedToTheSameBits()
    {
        // ODEK_FUZZ_SEED, as for GeneratorFuzzTests, runs another sequence of bodies.
        int seed = int.TryParse(Environment.GetEnvironmentVariable("ODEK_FUZZ_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int chosen) ? chosen : Seed;
        var random = new Random(seed);
        var failures = new List<string>();
        int translated = 0, refused = 0, branching = 0;
        for (int unit = 0; unit < Count; unit++)
        {
            var body = new FuzzBody(random, unit);
            AllGeneratorsRun run = AllGeneratorsRun.Of(body.Source);
            string? problem = body.Invalid is { } why
                ? Refused(run, why)
                : Translated(run, body, random);
            if (problem is not null)
            {
                failures.Add($"Unit {unit} (seed {seed}): {problem}{Environment.NewLine}{body.Source}");
            }

            if (body.Invalid is null)
            {
                translated++;
                branching += body.Source.Contains("if (", StringComparison.Ordinal) ? 1 : 0;
            }
            else
            {
                refused++;
            }
        }

        Assert.True(translated > Count / 2 && refused > 5 && branching > Count / 4, $"{translated} translated ({branching} with if), {refused} refused: the generator of bodies lost its mix.");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine + Environment.NewLine, failures.Take(5)));
    }

    private static string? Refused(AllGeneratorsRun run, string why) =>
        run.GeneratorDiagnostics is [{ Id: "ODEK504" }] && run.Sources.IsEmpty
            ? null
            : $"a body with {why} should get one ODEK504 and nothing generated, got:{Environment.NewLine}{GeneratorHarness.Describe(run.GeneratorDiagnostics)}";

    private static string? Translated(AllGeneratorsRun run, FuzzBody body, Random random)
    {
        // Random expressions may warn in the body as written (x > x); the generated file must not add any warning.
        Diagnostic[] problems = run.Problems.Where(p => p.Severity == DiagnosticSeverity.Error || p.Location.SourceTree?.FilePath != "Source0.cs").ToArray();
        if (!run.GeneratorDiagnostics.IsEmpty || problems.Length > 0 || run.Sources.Length != 1)
        {
            return $"a valid body should translate and compile cleanly, got:{Environment.NewLine}{GeneratorHarness.Describe(run.GeneratorDiagnostics.Concat(problems))}";
        }

        using var image = new MemoryStream();
        EmitResult emitted = run.Output.Emit(image);
        if (!emitted.Success)
        {
            return "emit failed: " + GeneratorHarness.Describe(emitted.Diagnostics);
        }

        Assembly assembly = Assembly.Load(image.ToArray());
        object system = Activator.CreateInstance(assembly.GetType("Fuzz.Sys", throwOnError: true)!)!;
        object contracted = Activator.CreateInstance(assembly.GetType("Fuzz.ContractedByHand", throwOnError: true)!)!;
        return (body.IsFloat, body.Size) switch
        {
            (false, 2) => Compare<double, State2<double>>(system, contracted, random),
            (false, 3) => Compare<double, State3<double>>(system, contracted, random),
            (false, _) => Compare<double, State4<double>>(system, contracted, random),
            (true, 2) => Compare<float, State2<float>>(system, contracted, random),
            (true, 3) => Compare<float, State3<float>>(system, contracted, random),
            (true, _) => Compare<float, State4<float>>(system, contracted, random),
        };
    }

    /// <summary>Both pairs of forms on random states and times; the first component whose bits differ, or null.</summary>
    private static string? Compare<T, TState>(object system, object contractedByHand, Random random)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TState : struct, IStateVector<TState, T>
    {
        var span = (IOdeSystem<T>)system;
        var state = (ISmallOdeSystem<T, TState>)system;
        return Compare<T, TState>(span.Evaluate, (t, y) => state.Evaluate(t, y), random, "span form", "state form")
            ?? Compare<T, TState>(((IOdeSystem<T>)contractedByHand).Evaluate, (t, y) => ((IContractedSmallOdeSystem<T, TState>)system).EvaluateContracted(t, y), random, "contracted by hand", "contracted state form");
    }

    private delegate void SpanEvaluate<T>(T t, ReadOnlySpan<T> y, Span<T> dydt);

    /// <summary>A span form against a state form on random states and times; the first component whose bits differ, or null.</summary>
    private static string? Compare<T, TState>(SpanEvaluate<T> reference, Func<T, TState, TState> evaluate, Random random, string referenceName, string name)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TState : struct, IStateVector<TState, T>
    {
        int n = TState.Size;
        var y = new T[n];
        T[] expected = new T[n], actual = new T[n];
        for (int sample = 0; sample < 50; sample++)
        {
            for (int i = 0; i < n; i++)
            {
                y[i] = T.CreateTruncating((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-3, 4)));
            }

            T t = T.CreateTruncating(random.NextDouble() * 10);
            reference(t, y, expected);
            evaluate(t, TState.Load(y)).CopyTo(actual);
            for (int i = 0; i < n; i++)
            {
                if (!expected[i].Equals(actual[i]) && !(T.IsNaN(expected[i]) && T.IsNaN(actual[i])))
                {
                    return $"component {i} at t = {t}, y = [{string.Join(", ", y)}]: {referenceName} {expected[i]}, {name} {actual[i]}";
                }
            }
        }

        return null;
    }

    /// <summary>One random declaration: its source, its shape and, for a body made invalid on purpose, what makes it so.</summary>
    private sealed class FuzzBody
    {
        private readonly Random _random;
        private readonly List<string> _locals = new();
        private HashSet<int> _assigned = new();
        private int _names;
        private readonly string _literalSuffix;
        private readonly string _math;

        public FuzzBody(Random random, int unit)
        {
            _random = random;
            Size = random.Next(2, 5);
            IsFloat = random.Next(4) == 0;
            _literalSuffix = IsFloat ? "f" : string.Empty;
            _math = IsFloat ? "MathF" : "Math";
            string element = IsFloat ? "float" : "double";
            StringBuilder body = new(), contracted = new();
            int statements = random.Next(Size, Size + 6);
            for (int s = 0; s < statements; s++)
            {
                (string plain, string fused) = Statement(element, 2);
                body.Append("        ").AppendLine(plain);
                contracted.Append("        ").AppendLine(fused);
            }

            foreach (int k in Enumerable.Range(0, Size).Where(k => !_assigned.Contains(k)).ToArray())
            {
                Expr value = Expression(2);
                body.Append("        ").AppendLine($"dydt[{k}] = {value.Plain};");
                contracted.Append("        ").AppendLine($"dydt[{k}] = {value.Contracted};");
                _assigned.Add(k);
            }

            // About one in five is broken on purpose, in one of the ways the translator must refuse.
            switch (unit % 5 == 4 ? random.Next(3) : -1)
            {
                case 0:
                    Invalid = "a loop";
                    body.AppendLine($"        for (int i = 0; i < {Size}; i++) {{ dydt[i] = y[i]; }}");
                    break;
                case 1:
                    Invalid = "a variable index";
                    body.AppendLine($"        int j = {random.Next(Size)};").AppendLine("        dydt[0] = y[j];");
                    break;
                case 2:
                    Invalid = "a derivative read before it is assigned";
                    body.Insert(0, $"        {element} first = dydt[{random.Next(Size)}];{Environment.NewLine}");
                    break;
            }

            // The reference of the contracted form: not marked, so nothing is generated for it; its span Evaluate
            // is the body with the fused multiply-adds written in.
            string reference = Invalid is not null ? string.Empty : $$"""

                public struct ContractedByHand : IOdeSystem<{{element}}>
                {
                    private static readonly {{element}} P = 0.75{{_literalSuffix}};

                    public int StateSize => {{Size}};

                    public void Evaluate({{element}} t, ReadOnlySpan<{{element}}> y, Span<{{element}}> dydt)
                    {
                {{contracted}}    }
                }
                """;
            Source = $$"""
                using System;
                using OdeKernels;

                namespace Fuzz;

                [SmallOdeSystem]
                public partial struct Sys : IOdeSystem<{{element}}>
                {
                    private static readonly {{element}} P = 0.75{{_literalSuffix}};

                    public int StateSize => {{Size}};

                    public void Evaluate({{element}} t, ReadOnlySpan<{{element}}> y, Span<{{element}}> dydt)
                    {
                {{body}}    }
                }
                {{reference}}
                """;
        }

        public int Size { get; }

        public bool IsFloat { get; }

        public string? Invalid { get; }

        public string Source { get; }

        /// <summary>
        /// An expression as written and as contracted. A product keeps its factors' contracted texts, for the sum or
        /// difference around it to fuse (unless it is a compile-time constant, which C# folds instead).
        /// </summary>
        private sealed record Expr(string Plain, string Contracted, bool IsConstant = false, string? Left = null, string? Right = null)
        {
            public bool IsFusable => Left is not null && !IsConstant;
        }

        private (string Plain, string Contracted) Statement(string element, int depth)
        {
            int kind = _random.Next(depth > 0 ? 5 : 4);
            if (kind == 4)
            {
                return Conditional(element, depth - 1);
            }

            if (kind == 0 || (kind == 3 && _assigned.Count == 0))
            {
                string name = "a" + _names++;
                Expr value = Expression(3);
                _locals.Add(name);
                return ($"{element} {name} = {value.Plain};", $"{element} {name} = {value.Contracted};");
            }

            int k = _random.Next(Size);
            if (kind == 3 && _assigned.Contains(k))
            {
                Expr value = Expression(2);
                return _random.Next(2) == 0
                    ? ($"dydt[{k}] += {value.Plain};", value.IsFusable ? $"dydt[{k}] = {Fma(value.Left!, value.Right!, $"dydt[{k}]")};" : $"dydt[{k}] += {value.Contracted};")
                    : ($"dydt[{k}] *= {value.Plain};", $"dydt[{k}] *= {value.Contracted};");
            }

            Expr assigned = Expression(3);
            _assigned.Add(k);
            return ($"dydt[{k}] = {assigned.Plain};", $"dydt[{k}] = {assigned.Contracted};");
        }

        /// <summary>An if, with an else half the time: a derivative is assigned after it when both branches assign it.</summary>
        private (string Plain, string Contracted) Conditional(string element, int depth)
        {
            Expr left = Expression(2), right = Expression(2);
            var before = new HashSet<int>(_assigned);
            (string Plain, string Contracted) then = Branch(element, depth);
            HashSet<int> afterThen = _assigned;
            _assigned = new HashSet<int>(before);
            (string Plain, string Contracted)? otherwise = _random.Next(2) == 0 ? Branch(element, depth) : null;
            HashSet<int> afterElse = _assigned;
            _assigned = new HashSet<int>(afterThen.Where(afterElse.Contains));
            string Write(string condition, string thenText, string? elseText) =>
                elseText is null ? $"if ({condition}) {{ {thenText} }}" : $"if ({condition}) {{ {thenText} }} else {{ {elseText} }}";
            return (
                Write($"{left.Plain} > {right.Plain}", then.Plain, otherwise?.Plain),
                Write($"{left.Contracted} > {right.Contracted}", then.Contracted, otherwise?.Contracted));
        }

        /// <summary>One to three statements in a block; its locals go out of scope after it.</summary>
        private (string Plain, string Contracted) Branch(string element, int depth)
        {
            int locals = _locals.Count;
            (string Plain, string Contracted)[] statements = Enumerable.Range(0, _random.Next(1, 4)).Select(_ => Statement(element, depth)).ToArray();
            _locals.RemoveRange(locals, _locals.Count - locals);
            return (string.Join(" ", statements.Select(x => x.Plain)), string.Join(" ", statements.Select(x => x.Contracted)));
        }

        private string Fma(string a, string b, string c) => $"{_math}.FusedMultiplyAdd({a}, {b}, {c})";

        private Expr Expression(int depth)
        {
            if (depth == 0 || _random.Next(3) == 0)
            {
                return Leaf();
            }

            Expr a = Expression(depth - 1), b = Expression(depth - 1);
            bool constant = a.IsConstant && b.IsConstant;
            return _random.Next(8) switch
            {
                // The left operand's product first, then the right's (the generator's rule for a·b + c·d).
                0 => new Expr(
                    $"({a.Plain} + {b.Plain})",
                    a.IsFusable ? Fma(a.Left!, a.Right!, b.Contracted) : b.IsFusable ? Fma(b.Left!, b.Right!, a.Contracted) : $"({a.Contracted} + {b.Contracted})",
                    constant),
                1 => new Expr(
                    $"({a.Plain} - {b.Plain})",
                    a.IsFusable ? Fma(a.Left!, a.Right!, $"-({b.Contracted})") : b.IsFusable ? Fma($"-({b.Left})", b.Right!, a.Contracted) : $"({a.Contracted} - {b.Contracted})",
                    constant),
                2 => new Expr($"({a.Plain} * {b.Plain})", $"({a.Contracted} * {b.Contracted})", constant, a.Contracted, b.Contracted),
                3 => new Expr($"({a.Plain} / (1{_literalSuffix} + {_math}.Abs({b.Plain})))", $"({a.Contracted} / (1{_literalSuffix} + {_math}.Abs({b.Contracted})))"),
                4 => new Expr($"{_math}.Sin({a.Plain})", $"{_math}.Sin({a.Contracted})"),
                5 => new Expr($"(-{a.Plain})", $"(-{a.Contracted})", a.IsConstant),
                6 => new Expr($"({a.Plain} > {b.Plain} ? {a.Plain} : {b.Plain})", $"({a.Contracted} > {b.Contracted} ? {a.Contracted} : {b.Contracted})", constant),
                _ => new Expr($"{_math}.FusedMultiplyAdd({a.Plain}, {b.Plain}, P)", $"{_math}.FusedMultiplyAdd({a.Contracted}, {b.Contracted}, P)"),
            };
        }

        private Expr Leaf()
        {
            int[] assigned = _assigned.ToArray();
            string text = _random.Next(6) switch
            {
                0 => "t",
                1 => "P",
                2 when _locals.Count > 0 => _locals[_random.Next(_locals.Count)],
                3 when assigned.Length > 0 => $"dydt[{assigned[_random.Next(assigned.Length)]}]",
                // Eighths multiply exactly; tenths do not, so a folded constant product and a fused one differ.
                4 => (_random.Next(3) == 0 ? _random.Next(1, 30) / 10.0 : _random.Next(1, 40) / 8.0).ToString("R", CultureInfo.InvariantCulture) + _literalSuffix,
                _ => $"y[{_random.Next(Size)}]",
            };
            return new Expr(text, text, char.IsDigit(text[0]));
        }
    }
}
