using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace OdeKernels.Generators.Tests;

/// <summary>
/// A seeded source of random <c>[ButcherTableau]</c>, <c>[Dynamics]</c> and <c>[Network]</c> declarations, valid and
/// invalid: coefficients from real methods (perturbed, scaled, split, truncated) and random ones, orders in and out
/// of range, widths from 1 to beyond <c>int</c>, activations outside the enum, keyword and clashing names, names that
/// differ only in case, records, static, abstract and nested classes, base classes, extra partial parts and members
/// named like generated ones. The same seed gives the same units on every platform (<see cref="Random"/> with a seed
/// is deterministic).
/// </summary>
internal sealed class FuzzDeclarations
{
    private static readonly string[] PlainNames = { "Net", "Heun", "Solver", "Field", "Model", "Mlp", "Tab", "Vortex", "Ünïcode", "Δt", "N\\u0065t", "_Net" };

    // Keywords (written with '@'), contextual keywords the generated code uses, BCL and runtime names, and the
    // names of generated members (public and private), so each may show up as a type's name.
    private static readonly string[] SpecialNames =
    {
        "@class", "@event", "@int", "@partial", "@await", "var", "nuint", "nameof", "dynamic", "unmanaged", "global", "value", "System", "OdeKernels", "Activation",
        "Span", "Math", "T", "W", "Info", "Step", "ReverseStep", "Layers", "Parameters", "Evaluate", "StateSize", "ParameterCount",
        "Vjp", "Forward", "Inputs", "Outputs", "ResidualBlocks", "CheckBatch", "LoadTile", "Forward512", "CudaDeviceCode", "Stage2", "Solution",
    };

    private static readonly string[] Activations = { "Identity", "Tanh", "Relu", "Softplus", "Sigmoid", "Silu", "Gelu", "Sin", "Cube" };

    // (c, a, b, bHat, order, embedded order) of real methods: the fuzz perturbs, scales and splits these.
    private static readonly (double[] C, double[] A, double[] B, double[]? BHat, int Order, int Embedded)[] Methods =
    {
        (new[] { 0.0 }, Array.Empty<double>(), new[] { 1.0 }, null, 1, 0),
        (new[] { 0.0, 0.5 }, new[] { 0.5 }, new[] { 0.0, 1.0 }, null, 2, 0),
        (new[] { 0.0, 1.0 }, new[] { 1.0 }, new[] { 0.5, 0.5 }, new[] { 1.0, 0.0 }, 2, 1),
        (new[] { 0.0, 2.0 / 3 }, new[] { 2.0 / 3 }, new[] { 0.25, 0.75 }, null, 2, 0),
        (new[] { 0.0, 0.5, 0.5, 1.0 }, new[] { 0.5, 0.0, 0.5, 0.0, 0.0, 1.0 }, new[] { 1.0 / 6, 1.0 / 3, 1.0 / 3, 1.0 / 6 }, null, 4, 0),
        (new[] { 0.0, 0.5, 0.75, 1.0 }, new[] { 0.5, 0.0, 0.75, 2.0 / 9, 1.0 / 3, 4.0 / 9 }, new[] { 2.0 / 9, 1.0 / 3, 4.0 / 9, 0.0 }, new[] { 7.0 / 24, 0.25, 1.0 / 3, 0.125 }, 3, 2),
    };

    private readonly Random _random;

    public FuzzDeclarations(int seed) => _random = new Random(seed);

    /// <summary>The next unit; <paramref name="index"/> makes its namespace and helper names unique in a run.</summary>
    public FuzzUnit Next(int index)
    {
        string name = TypeName();
        string ns = _random.Next(12) switch
        {
            0 when name != "OdeKernels" => string.Empty,
            1 => $"Fuzz{Int(index)}.@event",
            2 => $"Fuzz{Int(index)}.System",
            3 => "@class",
            _ => "Fuzz" + Int(index),
        };
        var unit = new FuzzUnitBuilder(index, ns);
        int kind = _random.Next(3);
        bool pair = Chance(6);
        for (int k = 0; k < (pair ? 2 : 1); k++)
        {
            // A case-only pair: the same name, once as written and once with its first letter's case flipped.
            string declared = k == 0 ? name : FlipCase(name);
            switch (kind)
            {
                case 0:
                    Tableau(unit, declared);
                    break;
                case 1:
                    LayerStack(unit, declared, isNetwork: false);
                    break;
                default:
                    LayerStack(unit, declared, isNetwork: true);
                    break;
            }
        }

        return unit.Build(Chance(10));
    }

    private void Tableau(FuzzUnitBuilder unit, string name)
    {
        (double[] c, double[] a, double[] b, double[]? bHat, int order, int embedded) = Methods[_random.Next(Methods.Length)];
        c = (double[])c.Clone();
        a = (double[])a.Clone();
        b = (double[])b.Clone();
        bHat = (double[]?)bHat?.Clone();
        switch (_random.Next(16))
        {
            case 0:
                // A random perturbation of one weight, kept or not kept summing to 1.
                double delta = Pick(1e-16, 1e-12, 1e-10, 1e-6, 0.1);
                int i = _random.Next(b.Length);
                b[i] += delta;
                if (b.Length > 1 && Chance(2))
                {
                    b[(i + 1) % b.Length] -= delta;
                }

                break;
            case 1:
                (c, a, b, bHat) = SplitStage(c, a, b, bHat, Pick(1.0, 1e3, 1e6, 1e9, 1e300));
                break;
            case 2:
                c = RandomArray(c.Length + _random.Next(-1, 2));
                break;
            case 3:
                a = RandomArray(Math.Max(0, a.Length + _random.Next(-1, 2)));
                break;
            case 4:
                int j = _random.Next(c.Length);
                c[j] = Pick(double.NaN, double.PositiveInfinity, c[j] + 1e-9);
                break;
            case 5:
                // A consistent random tableau of up to 8 stages: c from the row sums, weights summing to 1.
                int s = _random.Next(1, 9);
                a = RandomArray(s * (s - 1) / 2);
                c = Enumerable.Range(0, s).Select(i => a.Skip(i * (i - 1) / 2).Take(i).Sum()).ToArray();
                double[] r = Enumerable.Range(0, s).Select(_ => _random.NextDouble() + 0.1).ToArray();
                b = r.Select(x => x / r.Sum()).ToArray();
                bHat = Chance(3) ? Enumerable.Repeat(1.0 / s, s).ToArray() : null;
                order = 1;
                embedded = bHat is null ? 0 : 1;
                break;
        }

        if (Chance(8))
        {
            order = _random.Next(-1, 10);
        }

        if (Chance(10))
        {
            embedded = _random.Next(-1, 4);
            bHat ??= Chance(2) ? (double[])b.Clone() : null;
        }

        var arguments = new List<string> { "C = " + ArrayText(c), "A = " + ArrayText(a), "B = " + ArrayText(b) };
        if (bHat is not null)
        {
            arguments.Add("BHat = " + ArrayText(bHat));
        }

        arguments.Add("Order = " + Int(order));
        if (embedded != 0 || Chance(4))
        {
            arguments.Add("EmbeddedOrder = " + Int(embedded));
        }

        if (Chance(15))
        {
            arguments.RemoveAt(_random.Next(arguments.Count));
        }

        string attribute = "[ButcherTableau(" + string.Join(", ", arguments) + ")]";
        // Mostly kinds of type the generator completes, so that generated code is compiled often.
        string keyword = Chance(8)
            ? Pick("public struct", "public ref partial struct", "public partial class", "public partial record")
            : Pick("public partial struct", "partial struct", "public readonly partial struct", "public partial record struct", "public readonly partial record struct");
        bool isStruct = keyword.EndsWith("struct", StringComparison.Ordinal);
        string members = Chance(4) ? Pick(
            "public static int Info => 1;", "public void Step() { }", "public static void Step() { }", "private static void Stage2() { }",
            "public int Value => 1;", "public override string ToString() => \"x\";", "public static int Solution;") : string.Empty;
        unit.Declare(new[] { attribute }, keyword, name, members, isGeneric: Chance(30), nested: Chance(30), secondPart: SecondPart(attribute, string.Empty), baseList: string.Empty);
        if (isStruct && !keyword.Contains("ref", StringComparison.Ordinal))
        {
            unit.Use($"global::OdeKernels.TableauInfo info = {{0}}.Info; return Order<{{0}}>() + info.Order;");
            unit.NeedsOrderHelper();
        }
        else
        {
            unit.Use("return {0}.Info.Order;");
        }
    }

    private void LayerStack(FuzzUnitBuilder unit, string name, bool isNetwork)
    {
        // An invalid precision gets a float surface (the attribute's default).
        string element = Pick("float", "float", "double");
        string precision = Chance(20) ? Pick("typeof(decimal)", "typeof(int)") : Chance(2) && element == "float" ? string.Empty : $"typeof({element})";
        element = precision.Contains("decimal", StringComparison.Ordinal) || precision.Contains("int", StringComparison.Ordinal) ? "float" : element;
        int size = Chance(15) ? Pick(0, -1, 46341, 100000, int.MaxValue) : _random.Next(1, 7);
        var attributes = new List<string>();
        string precisionArgument = precision.Length == 0 ? string.Empty : ", Precision = " + precision;
        attributes.Add(isNetwork
            ? $"[Network(Inputs = {Int(size)}{precisionArgument})]"
            : $"[Dynamics(StateSize = {Int(size)}{precisionArgument}{(Chance(3) ? ", TimeInput = true" : string.Empty)})]");
        if (Chance(25))
        {
            attributes.Add(isNetwork ? "[Dynamics(StateSize = 2)]" : "[Network(Inputs = 2)]");
        }

        int layers = Chance(20) ? 0 : _random.Next(1, 5);
        int width = size, residualLeft = 0;
        for (int k = 0; k < layers; k++)
        {
            bool last = k == layers - 1;
            if ((isNetwork ? Chance(4) : Chance(30)) && residualLeft == 0)
            {
                residualLeft = Chance(8) ? Pick(0, -1, 9) : _random.Next(1, Math.Max(2, layers - k + 1));
                attributes.Add(residualLeft == 1 && Chance(2) ? "[Residual]" : $"[Residual(Layers = {Int(residualLeft)})]");
            }

            bool inResidual = residualLeft > 0;
            residualLeft = Math.Max(0, residualLeft - 1);
            if (!last && Chance(4))
            {
                attributes.Add($"[Pointwise({ActivationArgument()})]");
                continue;
            }

            int outputs = Chance(20) ? Pick(0, -3, 12000, 46341, 1 << 20, int.MaxValue)
                : (last && !isNetwork && Chance(8, of: 10)) || (inResidual && Chance(8, of: 10)) ? width : _random.Next(1, 17);
            if (last && !isNetwork && Chance(9, of: 10))
            {
                outputs = size;
            }

            string bias = Chance(4) ? $", Bias = {(Chance(2) ? "false" : "true")}" : string.Empty;
            string activation = Chance(3) ? string.Empty : ", " + ActivationArgument();
            attributes.Add($"[Dense({Int(outputs)}{activation}{bias})]");
            if (!inResidual)
            {
                width = outputs;
            }
        }

        string keyword = Chance(8)
            ? Pick("public static partial class", "public class", "public partial record", "public partial record class", "public partial struct", "file partial class", "public partial interface")
            : Pick("public partial class", "partial class", "internal sealed partial class", "public abstract partial class", "public unsafe partial class");
        bool isAbstract = keyword.Contains("abstract", StringComparison.Ordinal) || keyword.Contains("static", StringComparison.Ordinal);
        (string baseList, string baseDeclaration, string constructor) = BaseClass(unit.NextName("Base"), keyword);
        unit.AddSupport(baseDeclaration);
        string members = keyword.Contains("interface", StringComparison.Ordinal) ? string.Empty : constructor + (Chance(5) ? Member(name, element) : string.Empty);
        if (isNetwork && Chance(20))
        {
            // An explicit implementation of what the generated code implements explicitly.
            members += $"global::System.Collections.Generic.IReadOnlyList<global::OdeKernels.DynamicsLayer> global::OdeKernels.INetwork<{element}>.Layers => null!; ";
        }

        if (Chance(25) && keyword.Contains("class", StringComparison.Ordinal) && !keyword.Contains("record", StringComparison.Ordinal) && !members.Contains("NAME(", StringComparison.Ordinal))
        {
            // A primary constructor (its parameter read, so the compiler does not warn).
            baseList = "(int size)" + baseList;
            members += "public int Size => size; ";
        }

        bool nested = Chance(30) && !keyword.StartsWith("file", StringComparison.Ordinal);
        unit.Declare(attributes, keyword, name, members, isGeneric: Chance(30), nested, secondPart: SecondPart(attributes[0], attributes.Count > 1 ? attributes[^1] : string.Empty), baseList);
        string face = isNetwork ? $"global::OdeKernels.INetwork<{element}>" : $"global::OdeKernels.IBatchedDifferentiableSystem<{element}>";
        string count = isNetwork ? "f.Inputs + f.Outputs + {0}.ResidualBlocks.Count" : "f.StateSize";
        unit.Use(isAbstract
            ? $"{face}? f = null; return {{0}}.Layers.Count + (f?.ParameterCount ?? 0);"
            : $"{face} f = new {{0}}(1); return {count} + {{0}}.Layers.Count + f.ParameterCount + new {{0}}(f.Parameters).ParameterCount;");
    }

    /// <summary>Nothing, or a base class: empty, abstract, with members named like generated ones, or without a parameterless constructor.</summary>
    private (string BaseList, string Declaration, string Constructor) BaseClass(string b, string keyword)
    {
        if (!Chance(6) || keyword.Contains("record", StringComparison.Ordinal) || keyword.Contains("static", StringComparison.Ordinal) || keyword.Contains("struct", StringComparison.Ordinal) || keyword.Contains("interface", StringComparison.Ordinal))
        {
            return (string.Empty, string.Empty, string.Empty);
        }

        return _random.Next(7) switch
        {
            0 => ($" : {b}", $"public class {b} {{ }}", string.Empty),
            1 => ($" : {b}", $"public abstract class {b} {{ public override string ToString() => \"b\"; }}", string.Empty),
            2 => ($" : {b}", $"public class {b} {{ protected {b}(int x) {{ }} }}", "NAME() : base(1) { } "),
            3 => ($" : {b}", $"public class {b} {{ public {b}(int x = 0) {{ }} }}", string.Empty),
            4 => ($" : {b}", $"public class {b} {{ public int StateSize => 1; public int Inputs => 1; }}", string.Empty),
            5 => ($" : {b}", $"public class {b} {{ private {b}() {{ }} public {b}(string s) {{ }} }}", "NAME() : base(\"s\") { } "),
            _ => ($" : {b}, global::System.IDisposable", $"public class {b} {{ public virtual void Dispose() {{ }} }}", string.Empty),
        };
    }

    private string Member(string name, string element) => Pick(
        "public int Count { get; set; } ",
        "public override string ToString() => \"n\"; ",
        "public void Evaluate() { } ",
        "public static int Helper(int x) => x; ",
        "public int Layers; ",
        "public int StateSize => 1; ",
        $"public void Evaluate({element} t, global::System.ReadOnlySpan<{element}> y, global::System.Span<{element}> dydt) {{ }} ",
        $"public void Forward(global::System.ReadOnlySpan<{element}> x, global::System.Span<{element}> y, int count) {{ }} ",
        "private int _parameters; ",
        "private int t_scratch; ",
        "private static void CheckBatch(int a, int b, int c) { } ",
        "private static void CheckSamples(int a, int b, int c, string d) { } ",
        "public int Forward512 => 1; ",
        "public static string CudaDeviceCode => \"\"; ",
        "public int nameof(int x) => x; ",
        "public class Parameters { } ",
        "NAME(int seed) { } ",
        "NAME(string text) { } ",
        "NAME(string text) : this(1) { } ",
        "public required int Tag { get; init; } ");

    /// <summary>Now and then a second partial part: empty, or repeating the generator's attribute, or holding a layer.</summary>
    private string? SecondPart(string firstAttribute, string lastAttribute)
    {
        if (!Chance(8))
        {
            return null;
        }

        return _random.Next(3) switch
        {
            0 => string.Empty,
            1 => firstAttribute,
            _ => lastAttribute.StartsWith("[Dense", StringComparison.Ordinal) ? lastAttribute : string.Empty,
        };
    }

    private string ActivationArgument() =>
        Chance(30) ? $"(global::OdeKernels.Activation)({Int(Pick(-1, 9, 42))})" : "global::OdeKernels.Activation." + Activations[_random.Next(Activations.Length)];

    private string TypeName()
    {
        if (Chance(6))
        {
            return SpecialNames[_random.Next(SpecialNames.Length)];
        }

        string name = PlainNames[_random.Next(PlainNames.Length)];
        return Chance(2) ? name + Int(_random.Next(10)) : name;
    }

    private static string FlipCase(string name)
    {
        int at = name.StartsWith('@') ? 1 : 0;
        char first = name[at];
        char flipped = char.IsUpper(first) ? char.ToLowerInvariant(first) : char.ToUpperInvariant(first);

        // A name without a letter to flip, or whose flip is a keyword, gets a distinct spelling instead.
        string result = name.Substring(0, at) + flipped + name.Substring(at + 1);
        return result == name ? name + "X" : result;
    }

    /// <summary>
    /// Splits stage 0 into two stages with the same node whose weights and A entries are (1 + s) and −s times the
    /// original's: the same method, with coefficients about <paramref name="scale"/> that cancel.
    /// </summary>
    private static (double[] C, double[] A, double[] B, double[]? BHat) SplitStage(double[] c, double[] a, double[] b, double[]? bHat, double scale)
    {
        int s = c.Length;
        double[][] full = Enumerable.Range(0, s).Select(i => Enumerable.Range(0, s).Select(j => j < i ? a[(i * (i - 1) / 2) + j] : 0.0).ToArray()).ToArray();
        double[] Split(double[] row) => new[] { (1 + scale) * row[0], -scale * row[0] }.Concat(row.Skip(1)).ToArray();
        var newC = new[] { c[0] }.Concat(c).ToArray();
        var rows = new List<double[]> { new double[s + 1], new double[s + 1] };
        for (int i = 1; i < s; i++)
        {
            rows.Add(Split(full[i]).Concat(new[] { 0.0 }).ToArray());
        }

        var newA = new List<double>();
        for (int i = 1; i <= s; i++)
        {
            for (int j = 0; j < i; j++)
            {
                newA.Add(rows[i][j]);
            }
        }

        return (newC, newA.ToArray(), Split(b), bHat is null ? null : Split(bHat));
    }

    private double[] RandomArray(int length) =>
        Enumerable.Range(0, Math.Max(0, length)).Select(_ => Math.Round((_random.NextDouble() * 2) - 0.5, 3)).ToArray();

    private static string ArrayText(double[] values) =>
        values.Length == 0 ? "new double[0]" : "new[] { " + string.Join(", ", values.Select(Double)) + " }";

    private static string Double(double value) =>
        double.IsNaN(value) ? "double.NaN"
        : double.IsPositiveInfinity(value) ? "double.PositiveInfinity"
        : double.IsNegativeInfinity(value) ? "double.NegativeInfinity"
        : value.ToString("R", CultureInfo.InvariantCulture) is var text && (text.Contains('.') || text.Contains('E')) ? text : text + ".0";

    internal static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private bool Chance(int n, int of = 0) => of == 0 ? _random.Next(n) == 0 : _random.Next(of) < n;

    private T Pick<T>(params T[] values) => values[_random.Next(values.Length)];
}
