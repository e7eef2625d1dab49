using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using OdeKernels.Generators.Common;
using OdeKernels.Generators.Layers;

namespace OdeKernels.Generators.Tests;

/// <summary>
/// The generator names the runtime only through strings (<see cref="RuntimeContract"/>) and mirrors two of its types
/// (<see cref="ActivationKind"/>, <see cref="LayerSpec"/>); these tests hold both sides together by reflection over
/// the runtime assembly, so a rename, a reordered enum or a new layer field fails here rather than as an attribute the
/// generator silently stops reading or a table of layers that no longer matches the parameters.
/// </summary>
public sealed class RuntimeContractTests
{
    private const BindingFlags Members = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static;

    private static readonly Assembly Runtime = typeof(Ode).Assembly;

    /// <summary>Every nested class of the contract, with the runtime type it names.</summary>
    public static TheoryData<string> ContractTypes()
    {
        var data = new TheoryData<string>();
        foreach (Type nested in typeof(RuntimeContract).GetNestedTypes(BindingFlags.Public))
        {
            data.Add(nested.Name);
        }

        return data;
    }

    [Fact]
    public void TheContractCoversTheAttributesAndTheMovedTypes()
    {
        string[] names = typeof(RuntimeContract).GetNestedTypes(BindingFlags.Public).Select(t => t.Name).ToArray();
        Assert.Subset(names.ToHashSet(), new HashSet<string>
        {
            "ButcherTableauAttribute", "DynamicsAttribute", "NetworkAttribute", "DenseAttribute", "PointwiseAttribute", "ResidualAttribute",
            "RungeKuttaStep", "RungeKuttaReverse", "RungeKuttaLaneStep", "SplitMix64", "ICudaDynamics",
        });
    }

    [Theory]
    [MemberData(nameof(ContractTypes))]
    public void EveryNameResolvesInTheRuntime(string entry)
    {
        Type contract = typeof(RuntimeContract).GetNestedType(entry, BindingFlags.Public)!;
        Dictionary<string, object?> constants = contract.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .ToDictionary(f => f.Name, f => f.GetRawConstantValue());
        Assert.True(constants.TryGetValue("FullName", out object? fullName), $"RuntimeContract.{entry} has no FullName");
        Type type = Resolve((string)fullName!);
        Assert.Equal(entry, StripArity(type.Name));
        if (constants.TryGetValue("Global", out object? global))
        {
            Assert.Equal("global::" + fullName, global);
        }

        bool isAttribute = typeof(Attribute).IsAssignableFrom(type);
        foreach ((string name, object? value) in constants.Where(c => c.Key is not ("FullName" or "Global")))
        {
            if (value is int position)
            {
                AssertConstructorArgument(type, name, position);
            }
            else if (isAttribute)
            {
                // A named argument ([Dense(8, Bias = false)]) needs a public setter.
                PropertyInfo? property = type.GetProperty((string)value!, BindingFlags.Public | BindingFlags.Instance);
                Assert.True(property?.SetMethod?.IsPublic == true, $"{type.FullName} has no public settable property '{value}' (RuntimeContract.{entry}.{name})");
            }
            else
            {
                // Generated code may also call a protected member of a runtime base class it derives from.
                Assert.True(
                    type.GetMember((string)value!, Members | BindingFlags.NonPublic).Any(Reachable),
                    $"{type.FullName} has no public or protected member '{value}' (RuntimeContract.{entry}.{name})");
            }
        }
    }

    /// <summary>Whether generated code can name <paramref name="member"/>: public, or protected (from a derived class).</summary>
    private static bool Reachable(MemberInfo member) => member switch
    {
        MethodBase method => method.IsPublic || method.IsFamily,
        PropertyInfo property => property.GetMethod is { } getter && (getter.IsPublic || getter.IsFamily),
        FieldInfo field => field.IsPublic || field.IsFamily,
        Type nested => nested.IsNestedPublic || nested.IsNestedFamily,
        _ => false,
    };

    [Fact]
    public void TheNamespacesExist()
    {
        Type[] exported = Runtime.GetExportedTypes();
        Assert.Contains(exported, t => t.Namespace == RuntimeContract.Namespace);
        Type[] generated = exported.Where(t => t.Namespace == RuntimeContract.GeneratedNamespace).ToArray();
        Assert.NotEmpty(generated);
        foreach (Type type in generated)
        {
            Assert.True(
                type.GetCustomAttribute<EditorBrowsableAttribute>()?.State == EditorBrowsableState.Never,
                $"{type.FullName} is infrastructure for generated code and must be hidden with [EditorBrowsable(EditorBrowsableState.Never)]");
        }
    }

    [Fact]
    public void ActivationKindMirrorsActivation()
    {
        Assert.Equal(Pairs(typeof(Activation)), Pairs(typeof(ActivationKind)));
    }

    [Fact]
    public void LayerSpecMirrorsDynamicsLayer()
    {
        // The generated Layers table passes a LayerSpec's values positionally to DynamicsLayer's constructor, with
        // IsDense turned into the kind; everything else must line up name for name and type for type.
        ParameterInfo[] spec = typeof(LayerSpec).GetConstructors().Single().GetParameters();
        ParameterInfo[] layer = typeof(DynamicsLayer).GetConstructors().Single(c => c.GetParameters().Length > 1).GetParameters();
        var mirrored = new Dictionary<Type, Type> { [typeof(ActivationKind)] = typeof(Activation) };
        Assert.Equal(layer.Length, spec.Length);
        for (int i = 0; i < spec.Length; i++)
        {
            if (spec[i].Name == nameof(LayerSpec.IsDense))
            {
                Assert.Equal(nameof(DynamicsLayer.Kind), layer[i].Name);
                Assert.Equal(typeof(DynamicsLayerKind), layer[i].ParameterType);
                continue;
            }

            Assert.Equal(layer[i].Name, spec[i].Name);
            Assert.Equal(layer[i].ParameterType, mirrored.TryGetValue(spec[i].ParameterType, out Type? runtime) ? runtime : spec[i].ParameterType);
        }
    }

    [Theory]
    [InlineData(true, 3, 5, true, false)]
    [InlineData(true, 3, 5, false, true)]
    [InlineData(true, 7, 2, true, true)]
    [InlineData(false, 4, 4, false, false)]
    public void LayerSpecCountsParametersLikeDynamicsLayer(bool isDense, int inputs, int outputs, bool bias, bool timeInput)
    {
        var spec = new LayerSpec(isDense, inputs, outputs, ActivationKind.Tanh, bias, timeInput, isDense ? 0 : -1, -1);
        var layer = new DynamicsLayer(
            isDense ? DynamicsLayerKind.Dense : DynamicsLayerKind.Pointwise, inputs, outputs, Activation.Tanh, bias, timeInput, spec.WeightOffset, spec.BiasOffset);

        Assert.Equal(layer.ParameterCount, spec.ParameterCount);
        Assert.Equal(layer.WeightColumns, spec.Columns);
    }

    [Fact]
    public void GeneratedCodeNamesOnlyContractTypes()
    {
        // Every declaration kind, each once well-formed and once with a content error (its throwing stub).
        const string source = """
            using OdeKernels;

            namespace Sample;

            [ButcherTableau(C = new[] { 0.0, 1.0 }, A = new[] { 1.0 }, B = new[] { 0.5, 0.5 }, BHat = new[] { 1.0, 0.0 }, Order = 2, EmbeddedOrder = 1)]
            public partial struct Good { }

            [ButcherTableau(C = new[] { 0.0, 1.0 }, A = new[] { 0.75 }, B = new[] { 0.5, 0.5 }, Order = 2)]
            public partial struct Bad { }

            [Dynamics(StateSize = 2, TimeInput = true, Precision = typeof(double))]
            [Pointwise(Activation.Sin)]
            [Dense(4, Activation.Tanh, Bias = false)]
            [Dense(2)]
            public partial class Field { }

            [Dynamics(StateSize = 2)]
            [Dense(0)]
            [Dense(2)]
            public partial class BadField { }

            [Network(Inputs = 2)]
            [Dense(3, Activation.Relu)]
            [Residual(Layers = 1)]
            [Dense(3)]
            [Dense(1)]
            public partial class Classifier { }

            [Network(Inputs = 0)]
            [Dense(1)]
            public partial class BadClassifier { }

            [Network(Inputs = 2)]
            [Gru(3)]
            public partial class Cell { }

            [Network(Inputs = 2, Precision = typeof(double))]
            [Rnn(2, Activation.Softplus)]
            public partial class PlainCell { }
            """;
        AllGeneratorsRun run = AllGeneratorsRun.Of(source);
        Assert.Equal(3, run.GeneratorDiagnostics.Count(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        run.AssertCompiles();

        Dictionary<string, Type> contract = typeof(RuntimeContract).GetNestedTypes(BindingFlags.Public)
            .Select(t => t.GetField("Global")?.GetRawConstantValue() as string)
            .Where(g => g is not null)
            .ToDictionary(g => g!, g => Resolve(g!.Substring("global::".Length)));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match match in run.Sources.SelectMany(s => Regex.Matches(s.SourceText.ToString(), @"global::OdeKernels(\.\w+)+")))
        {
            string name = match.Value;
            string? global = contract.Keys.Where(g => name == g || name.StartsWith(g + ".", StringComparison.Ordinal)).MaxBy(g => g.Length);
            Assert.True(global is not null, $"the generated code names '{name}', which RuntimeContract does not list");
            string member = name.Substring(global!.Length).TrimStart('.');
            Assert.True(member.Length == 0 || contract[global].GetMember(member, Members).Length > 0, $"the generated code names '{name}', but {global} has no member '{member}'");
            seen.Add(global);
        }

        // The names that only the stubs or the CUDA part write must have been seen too.
        Assert.Contains(RuntimeContract.ICudaDynamics.Global, seen);
        Assert.Contains(RuntimeContract.RungeKuttaLaneStep.Global, seen);
        Assert.Contains(RuntimeContract.ResidualBlock.Global, seen);
        Assert.Contains(RuntimeContract.SplitMix64.Global, seen);
    }

    private static void AssertConstructorArgument(Type attribute, string name, int position)
    {
        Assert.EndsWith("Argument", name, StringComparison.Ordinal);
        string property = name.Substring(0, name.Length - "Argument".Length);
        PropertyInfo? target = attribute.GetProperty(property, BindingFlags.Public | BindingFlags.Instance);
        Assert.True(target is not null, $"{attribute.FullName} has no property '{property}'");
        ConstructorInfo[] constructors = attribute.GetConstructors().Where(c => c.GetParameters().Length > position).ToArray();
        Assert.True(constructors.Length > 0, $"{attribute.FullName} has no constructor with a parameter at {position}");
        foreach (ConstructorInfo constructor in constructors)
        {
            ParameterInfo parameter = constructor.GetParameters()[position];
            Assert.True(
                string.Equals(parameter.Name, property, StringComparison.OrdinalIgnoreCase) && parameter.ParameterType == target!.PropertyType,
                $"{attribute.FullName}'s constructor has '{parameter.ParameterType.Name} {parameter.Name}' at {position}, not the {property} the generator reads there");
        }
    }

    /// <summary>The public runtime type of a contract name (generic types are named without their arity).</summary>
    private static Type Resolve(string fullName)
    {
        Type[] matches = Runtime.GetExportedTypes().Where(t => StripArity(t.FullName!) == fullName).ToArray();
        Assert.True(matches.Length == 1, $"'{fullName}' names {matches.Length} public types of {Runtime.GetName().Name}, not one");
        return matches[0];
    }

    private static string StripArity(string name) => name.IndexOf('`') is int tick and >= 0 ? name.Substring(0, tick) : name;

    private static (string Name, long Value)[] Pairs(Type enumType) =>
        Enum.GetValues(enumType).Cast<object>().Select(v => (Enum.GetName(enumType, v)!, Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture))).ToArray();
}
