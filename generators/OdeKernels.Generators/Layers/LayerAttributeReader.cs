using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using OdeKernels.Generators.Activations;
using OdeKernels.Generators.Common;

namespace OdeKernels.Generators.Layers;

/// <summary>The kinds of attribute that declare a layer stack on a class.</summary>
internal enum LayerAttributeKind
{
    Dense,
    Pointwise,
    Residual,
    Gru,
    Rnn,
    Conv2d,
    GroupNorm,
    AvgPool2d,
    GlobalAvgPool2d,
}

/// <summary>
/// Reads what a <c>[Dynamics]</c> and a <c>[Network]</c> declaration have in common: the declaration checks, the
/// precision, and the <c>[Dense]</c> / <c>[Pointwise]</c> attributes with their checks. Each parser keeps what is its
/// own (the state size and time input, the inputs and residual blocks) and reports with its own
/// <see cref="LayerDescriptors"/>.
/// </summary>
internal static class LayerAttributeReader
{

    /// <summary>Reports a declaration that is not partial, nested in another type or generic; false if it is any of them.</summary>
    public static bool CheckDeclaration(
        INamedTypeSymbol type, TypeDeclarationSyntax syntax, Location where, LayerDescriptors descriptors, List<DiagnosticInfo> diagnostics)
    {
        int before = diagnostics.Count;
        if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            diagnostics.Add(DiagnosticInfo.Create(descriptors.NotPartial, where, type.Name));
        }

        if (type.ContainingType is not null || type.IsGenericType)
        {
            string what = type.ContainingType is not null ? $"nested in '{type.ContainingType.Name}'" : "generic";
            diagnostics.Add(DiagnosticInfo.Create(descriptors.NestedOrGeneric, where, type.Name, what));
        }

        return diagnostics.Count == before;
    }

    /// <summary>Whether <paramref name="precision"/> is double; reports a type that is neither float nor double.</summary>
    public static bool ReadPrecision(
        ITypeSymbol precision, string name, Location where, LayerDescriptors descriptors, List<DiagnosticInfo> diagnostics)
    {
        if (precision.SpecialType is not (SpecialType.System_Single or SpecialType.System_Double))
        {
            diagnostics.Add(DiagnosticInfo.Create(descriptors.Precision, where, name, precision.ToDisplayString()));
        }

        return precision.SpecialType == SpecialType.System_Double;
    }

    /// <summary>Whether any diagnostic is an error, so that no spec is made.</summary>
    public static bool HasErrors(List<DiagnosticInfo> diagnostics) =>
        diagnostics.Any(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error);

    /// <summary>
    /// The layer attributes (with <paramref name="withResidual"/>, the <c>[Network]</c>-only ones too: residual blocks
    /// and recurrent cells) of the declaration that
    /// carries the generator's attribute, in source order; one on another part of the partial class is reported.
    /// </summary>
    public static List<(AttributeData Attribute, LayerAttributeKind Kind)> Collect(
        INamedTypeSymbol type, TypeDeclarationSyntax syntax, bool withResidual, LayerDescriptors descriptors,
        List<DiagnosticInfo> diagnostics, CancellationToken token)
    {
        var found = new List<(int Position, AttributeData Attribute, LayerAttributeKind Kind)>();
        foreach (AttributeData attribute in type.GetAttributes())
        {
            LayerAttributeKind kind;
            switch (attribute.AttributeClass?.ToDisplayString())
            {
                case RuntimeContract.DenseAttribute.FullName:
                    kind = LayerAttributeKind.Dense;
                    break;
                case RuntimeContract.PointwiseAttribute.FullName:
                    kind = LayerAttributeKind.Pointwise;
                    break;
                case RuntimeContract.Conv2dAttribute.FullName:
                    kind = LayerAttributeKind.Conv2d;
                    break;
                case RuntimeContract.GroupNormAttribute.FullName:
                    kind = LayerAttributeKind.GroupNorm;
                    break;
                case RuntimeContract.AvgPool2dAttribute.FullName:
                    kind = LayerAttributeKind.AvgPool2d;
                    break;
                case RuntimeContract.GlobalAvgPool2dAttribute.FullName:
                    kind = LayerAttributeKind.GlobalAvgPool2d;
                    break;
                case RuntimeContract.ResidualAttribute.FullName when withResidual:
                    kind = LayerAttributeKind.Residual;
                    break;
                case RuntimeContract.GruAttribute.FullName when withResidual:
                    kind = LayerAttributeKind.Gru;
                    break;
                case RuntimeContract.RnnAttribute.FullName when withResidual:
                    kind = LayerAttributeKind.Rnn;
                    break;
                default:
                    continue;
            }

            if (attribute.ApplicationSyntaxReference is not { } reference)
            {
                continue;
            }

            if (reference.SyntaxTree != syntax.SyntaxTree || !syntax.Span.Contains(reference.Span))
            {
                diagnostics.Add(DiagnosticInfo.Create(descriptors.LayerElsewhere, reference.GetSyntax(token).GetLocation(), kind.ToString(), type.Name));
                continue;
            }

            found.Add((reference.Span.Start, attribute, kind));
        }

        return found.OrderBy(f => f.Position).Select(f => (f.Attribute, f.Kind)).ToList();
    }

    /// <summary>
    /// Reads a <c>[Dense]</c> or <c>[Pointwise]</c> attribute into layer <paramref name="number"/> (1-based), whose
    /// input is <paramref name="width"/> wide and whose parameters start at <paramref name="offset"/> (the PyTorch
    /// layout: weights, then bias). A dense layer of no positive width is reported and read as width 1, so later layers
    /// are still checked, and sets <paramref name="widthError"/>. False for a malformed attribute, which the compiler
    /// reports.
    /// </summary>
    public static bool TryReadLayer(
        AttributeData attribute, bool isDense, int number, Location location, string name, int width, bool timeInput, int offset,
        LayerDescriptors descriptors, List<DiagnosticInfo> diagnostics, ref bool widthError, out LayerSpec layer)
    {
        layer = null!;
        if (attribute.ConstructorArguments.Length == 0 || attribute.ConstructorArguments.Any(a => a.Kind == TypedConstantKind.Error))
        {
            return false;
        }

        TypedConstant activationArgument = attribute.ConstructorArguments[isDense ? RuntimeContract.DenseAttribute.ActivationArgument : RuntimeContract.PointwiseAttribute.ActivationArgument];
        int activation = activationArgument.Value is int a ? a : 0;
        if (activation < 0 || activation >= ActivationTable.Count)
        {
            diagnostics.Add(DiagnosticInfo.Create(descriptors.UnknownActivation, location, Literals.Int(number), name, Literals.Int(activation)));
        }

        if (!isDense)
        {
            layer = new LayerSpec(false, width, width, (ActivationKind)activation, false, false, -1, -1);
            return true;
        }

        int outputs = attribute.ConstructorArguments[RuntimeContract.DenseAttribute.OutputsArgument].Value is int o ? o : 0;
        bool bias = !attribute.NamedArguments.Any(p => p.Key == RuntimeContract.DenseAttribute.Bias && p.Value.Value is false);
        if (outputs <= 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(descriptors.LayerWidth, location, Literals.Int(number), name, Literals.Int(outputs)));
            outputs = 1;
            widthError = true;
        }

        layer = new LayerSpec(true, width, outputs, (ActivationKind)activation, bias, timeInput, offset, bias ? offset + (outputs * (width + (timeInput ? 1 : 0))) : -1);
        return true;
    }

    /// <summary>
    /// Whether <paramref name="layers"/> has a layer that is not pointwise (dense, convolution, group norm); reports a
    /// stack without one.
    /// </summary>
    public static bool CheckSomeDense(
        List<LayerSpec> layers, string name, Location where, LayerDescriptors descriptors, List<DiagnosticInfo> diagnostics)
    {
        if (layers.Any(l => l.IsMap))
        {
            return true;
        }

        string what = layers.Count == 0 ? "no layers" : $"only pointwise layers ({Literals.Int(layers.Count)})";
        diagnostics.Add(DiagnosticInfo.Create(descriptors.NoDenseLayer, where, name, what));
        return false;
    }

    /// <summary>Layer <paramref name="number"/> with its attribute as written, for messages: <c>Layer 2 ([Dense(8, Activation.Tanh)])</c>.</summary>
    public static string Describe(AttributeData attribute, int number, CancellationToken token) =>
        $"Layer {Literals.Int(number)} ([{attribute.ApplicationSyntaxReference?.GetSyntax(token).ToString() ?? attribute.AttributeClass?.Name}])";

    /// <summary>Where an attribute is applied, or null for one without syntax.</summary>
    public static Location? LocationOf(AttributeData attribute, CancellationToken token) =>
        attribute.ApplicationSyntaxReference?.GetSyntax(token).GetLocation();
}
