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

namespace OdeKernels.Generators.Tests;

/// <summary>
/// Random <c>[SmallOdeSystem]</c> bodies, run: bodies of locals, assignments and compound assignments of derivatives,
/// reads of assigned derivatives, the time, math calls, conditional expressions and nested if/else must be translated, compile
/// cleanly and, compiled and loaded, give the span <c>Evaluate</c>'s values bit for bit from the state form on random
/// states; bodies made invalid on purpose (a loop, a variable index, a derivative read first) must be refused with
/// one ODEK504 and get nothing generated. The span form is the independent reference the state form is checked
/// against, for shapes no hand-written test lists. <c>ODEK_FUZZ_SEED</c> picks another seed.
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

        Type type = Assembly.Load(image.ToArray()).GetType("Fuzz.Sys", throwOnError: true)!;
        object system = Activator.CreateInstance(type)!;
        return (body.IsFloat, body.Size) switch
        {
            (false, 2) => Compare<double, State2<double>>(system, random),
            (false, 3) => Compare<double, State3<double>>(system, random),
            (false, _) => Compare<double, State4<double>>(system, random),
            (true, 2) => Compare<float, State2<float>>(system, random),
            (true, 3) => Compare<float, State3<float>>(system, random),
            (true, _) => Compare<float, State4<float>>(system, random),
        };
    }

    /// <summary>Both forms on random states and times; the first component whose bits differ, or null.</summary>
    private static string? Compare<T, TState>(object system, Random random)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TState : struct, IStateVector<TState, T>
    {
        var span = (IOdeSystem<T>)system;
        var state = (ISmallOdeSystem<T, TState>)system;
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
            span.Evaluate(t, y, expected);
            state.Evaluate(t, TState.Load(y)).CopyTo(actual);
            for (int i = 0; i < n; i++)
            {
                if (!expected[i].Equals(actual[i]) && !(T.IsNaN(expected[i]) && T.IsNaN(actual[i])))
                {
                    return $"component {i} at t = {t}, y = [{string.Join(", ", y)}]: span form {expected[i]}, state form {actual[i]}";
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
            var body = new StringBuilder();
            int statements = random.Next(Size, Size + 6);
            for (int s = 0; s < statements; s++)
            {
                body.Append("        ").AppendLine(Statement(element, 2));
            }

            foreach (int k in Enumerable.Range(0, Size).Where(k => !_assigned.Contains(k)).ToArray())
            {
                body.Append("        ").AppendLine($"dydt[{k}] = {Expression(2)};");
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
                """;
        }

        public int Size { get; }

        public bool IsFloat { get; }

        public string? Invalid { get; }

        public string Source { get; }

        private string Statement(string element, int depth)
        {
            int kind = _random.Next(depth > 0 ? 5 : 4);
            if (kind == 4)
            {
                return Conditional(element, depth - 1);
            }

            if (kind == 0 || (kind == 3 && _assigned.Count == 0))
            {
                string name = "a" + _names++;
                string declaration = $"{element} {name} = {Expression(3)};";
                _locals.Add(name);
                return declaration;
            }

            int k = _random.Next(Size);
            if (kind == 3 && _assigned.Contains(k))
            {
                return $"dydt[{k}] {(_random.Next(2) == 0 ? "+=" : "*=")} {Expression(2)};";
            }

            string assignment = $"dydt[{k}] = {Expression(3)};";
            _assigned.Add(k);
            return assignment;
        }

        /// <summary>An if, with an else half the time: a derivative is assigned after it when both branches assign it.</summary>
        private string Conditional(string element, int depth)
        {
            string condition = $"{Expression(2)} > {Expression(2)}";
            var before = new HashSet<int>(_assigned);
            string then = Branch(element, depth);
            HashSet<int> afterThen = _assigned;
            _assigned = new HashSet<int>(before);
            string? otherwise = _random.Next(2) == 0 ? Branch(element, depth) : null;
            HashSet<int> afterElse = _assigned;
            _assigned = new HashSet<int>(afterThen.Where(afterElse.Contains));
            return otherwise is null ? $"if ({condition}) {{ {then} }}" : $"if ({condition}) {{ {then} }} else {{ {otherwise} }}";
        }

        /// <summary>One to three statements in a block; its locals go out of scope after it.</summary>
        private string Branch(string element, int depth)
        {
            int locals = _locals.Count;
            string text = string.Join(" ", Enumerable.Range(0, _random.Next(1, 4)).Select(_ => Statement(element, depth)));
            _locals.RemoveRange(locals, _locals.Count - locals);
            return text;
        }

        private string Expression(int depth)
        {
            if (depth == 0 || _random.Next(3) == 0)
            {
                return Leaf();
            }

            string a = Expression(depth - 1), b = Expression(depth - 1);
            return _random.Next(8) switch
            {
                0 => $"({a} + {b})",
                1 => $"({a} - {b})",
                2 => $"({a} * {b})",
                3 => $"({a} / (1{_literalSuffix} + {_math}.Abs({b})))",
                4 => $"{_math}.Sin({a})",
                5 => $"(-{a})",
                6 => $"({a} > {b} ? {a} : {b})",
                _ => $"{_math}.FusedMultiplyAdd({a}, {b}, P)",
            };
        }

        private string Leaf()
        {
            int[] assigned = _assigned.ToArray();
            return _random.Next(6) switch
            {
                0 => "t",
                1 => "P",
                2 when _locals.Count > 0 => _locals[_random.Next(_locals.Count)],
                3 when assigned.Length > 0 => $"dydt[{assigned[_random.Next(assigned.Length)]}]",
                4 => (_random.Next(1, 40) / 8.0).ToString("R", CultureInfo.InvariantCulture) + _literalSuffix,
                _ => $"y[{_random.Next(Size)}]",
            };
        }
    }
}
