using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using OdeKernels.Generators.Activations;
using OdeKernels.Generators.Common;
using OdeKernels.Generators.Diagnostics;

namespace OdeKernels.Generators.Layers;

/// <summary>
/// Reads the layers that act on a feature map (<c>[Conv2d]</c>, <c>[GroupNorm]</c>) for both parsers: checks their
/// settings against the shape that reaches them and computes the shape they give, so shapes are propagated layer by
/// layer at compile time and every mismatch is reported on the attribute at fault, stating the shapes
/// (ODEK405–ODEK408).
/// </summary>
internal static class SpatialLayerReader
{
    /// <summary>Whether <paramref name="kind"/> is read here.</summary>
    public static bool IsSpatial(LayerAttributeKind kind) =>
        kind is LayerAttributeKind.Conv2d or LayerAttributeKind.GroupNorm or LayerAttributeKind.AvgPool2d or LayerAttributeKind.GlobalAvgPool2d;

    /// <summary>
    /// Reads layer <paramref name="number"/> (1-based, <paramref name="what"/> as <see cref="LayerAttributeReader.Describe"/>
    /// writes it) whose input is <paramref name="shape"/> (null: a vector of <paramref name="width"/> values) and whose
    /// parameters start at <paramref name="offset"/>. A layer that cannot be read sets <paramref name="shapeError"/>
    /// (so that the checks of the widths after it do not repeat the error) and returns false.
    /// </summary>
    public static bool TryRead(
        AttributeData attribute, LayerAttributeKind kind, int number, string what, Location location, string name, string owner,
        FeatureMap? shape, int width, bool timeInput, int offset, LayerDescriptors descriptors, List<DiagnosticInfo> diagnostics,
        ref bool shapeError, out LayerSpec layer)
    {
        layer = null!;
        if ((attribute.ConstructorArguments.Length == 0 && kind != LayerAttributeKind.GlobalAvgPool2d) || attribute.ConstructorArguments.Any(a => a.Kind == TypedConstantKind.Error))
        {
            return false;
        }

        if (shape is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SpatialNeedsFeatureMap, location, what, name, $"a vector of {Literals.Int(width)} values", owner));
            shapeError = true;
            return false;
        }

        int before = diagnostics.Count;
        layer = kind switch
        {
            LayerAttributeKind.Conv2d => ReadConv2d(attribute, number, what, location, name, shape, timeInput, offset, descriptors, diagnostics)!,
            LayerAttributeKind.GroupNorm => ReadGroupNorm(attribute, what, location, name, shape, offset, diagnostics)!,
            _ => ReadPooling(attribute, kind, what, location, name, shape, diagnostics)!,
        };
        if (diagnostics.Count > before || layer is null)
        {
            shapeError = true;
            return false;
        }

        return true;
    }

    private static LayerSpec? ReadConv2d(
        AttributeData attribute, int number, string what, Location location, string name, FeatureMap shape, bool timeInput, int offset,
        LayerDescriptors descriptors, List<DiagnosticInfo> diagnostics)
    {
        int Int(int position) => attribute.ConstructorArguments[position].Value is int v ? v : 0;
        int outChannels = Int(RuntimeContract.Conv2dAttribute.OutChannelsArgument);
        int kernel = Int(RuntimeContract.Conv2dAttribute.KernelArgument);
        int stride = Int(RuntimeContract.Conv2dAttribute.StrideArgument);
        int padding = Int(RuntimeContract.Conv2dAttribute.PaddingArgument);
        int activation = Int(RuntimeContract.Conv2dAttribute.ActivationArgument);
        bool bias = attribute.ConstructorArguments[RuntimeContract.Conv2dAttribute.BiasArgument].Value is not false;
        void Setting(string setting, int value, string rule) =>
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SpatialSetting, location, what, name, setting, Literals.Int(value), rule));

        int before = diagnostics.Count;
        if (outChannels < 1)
        {
            Setting("outChannels", outChannels, "a convolution needs at least one output channel");
        }

        if (kernel < 1)
        {
            Setting("kernel", kernel, "the kernel side must be positive");
        }

        if (stride < 1)
        {
            Setting("stride", stride, "the stride must be positive");
        }

        if (padding < 0)
        {
            Setting("padding", padding, "the padding must be zero or positive");
        }

        if (activation < 0 || activation >= ActivationTable.Count)
        {
            diagnostics.Add(DiagnosticInfo.Create(descriptors.UnknownActivation, location, Literals.Int(number), name, Literals.Int(activation)));
        }

        bool winograd = attribute.NamedArguments.Any(a => a.Key == RuntimeContract.Conv2dAttribute.AlgorithmProperty && IsWinograd(a.Value));
        if (winograd && kernel != 3)
        {
            Setting("kernel", kernel, "Algorithm = ConvolutionAlgorithm.Winograd computes 3×3 convolutions only (F(4×4, 3×3)); use kernel 3 or the direct algorithm");
        }

        if (winograd && stride != 1)
        {
            Setting("stride", stride, "Algorithm = ConvolutionAlgorithm.Winograd computes convolutions of stride 1 only; use stride 1 or the direct algorithm");
        }

        if (diagnostics.Count == before && (long)outChannels * (shape.Channels + 1L) * kernel * kernel > LayerBudget.MaxArrayLength / 16)
        {
            Setting("kernel", kernel, $"the weight [{Literals.Int(outChannels)}, {Literals.Int(shape.Channels)}, {Literals.Int(kernel)}, {Literals.Int(kernel)}] would not fit in the parameter array");
        }

        if (diagnostics.Count > before)
        {
            return null;
        }

        int height = SpatialSpec.OutputSide(shape.Height, kernel, stride, padding), side = SpatialSpec.OutputSide(shape.Width, kernel, stride, padding);
        if (shape.Height + (2 * padding) < kernel || shape.Width + (2 * padding) < kernel)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.SpatialEmptyOutput, location, what, name, shape.ToString(), Literals.Int(kernel), Literals.Int(padding),
                Literals.Int(height), Literals.Int(side)));
            return null;
        }

        var output = new FeatureMap(outChannels, height, side);
        var spatial = new SpatialSpec(SpatialKind.Conv2d, shape, output, kernel, stride, padding, 0) { Winograd = winograd };
        int weights = outChannels * (shape.Channels + (timeInput ? 1 : 0)) * kernel * kernel;
        return new LayerSpec(false, shape.Size, output.Size, (ActivationKind)activation, bias, timeInput, offset, bias ? offset + weights : -1) { Spatial = spatial };
    }

    /// <summary>Whether an <c>Algorithm</c> argument's value is <c>ConvolutionAlgorithm.Winograd</c> (compared by the enum member's value).</summary>
    private static bool IsWinograd(TypedConstant value) =>
        value.Value is int chosen
        && value.Type is INamedTypeSymbol type
        && type.GetMembers(RuntimeContract.ConvolutionAlgorithm.Winograd).OfType<IFieldSymbol>().Any(f => f.ConstantValue is int member && member == chosen);

    /// <summary>An average pooling (kernel, stride = kernel by default, no padding) or a global one (C×H×W → C×1×1).</summary>
    private static LayerSpec? ReadPooling(
        AttributeData attribute, LayerAttributeKind kind, string what, Location location, string name, FeatureMap shape, List<DiagnosticInfo> diagnostics)
    {
        SpatialSpec spatial;
        if (kind == LayerAttributeKind.GlobalAvgPool2d)
        {
            spatial = new SpatialSpec(SpatialKind.GlobalAvgPool2d, shape, new FeatureMap(shape.Channels, 1, 1), 0, 1, 0, 0);
        }
        else
        {
            int kernel = attribute.ConstructorArguments[RuntimeContract.AvgPool2dAttribute.KernelArgument].Value is int k ? k : 0;
            int stride = attribute.ConstructorArguments[RuntimeContract.AvgPool2dAttribute.StrideArgument].Value is int s ? s : 0;
            if (kernel < 1 || stride < 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.SpatialSetting, location, what, name, kernel < 1 ? "kernel" : "stride", Literals.Int(kernel < 1 ? kernel : stride),
                    kernel < 1 ? "the window side must be positive" : "the stride must be positive, or 0 for the kernel"));
                return null;
            }

            stride = stride == 0 ? kernel : stride;
            int height = SpatialSpec.OutputSide(shape.Height, kernel, stride, 0), side = SpatialSpec.OutputSide(shape.Width, kernel, stride, 0);
            if (shape.Height < kernel || shape.Width < kernel)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.SpatialEmptyOutput, location, what, name, shape.ToString(), Literals.Int(kernel), "0",
                    Literals.Int(height), Literals.Int(side)));
                return null;
            }

            spatial = new SpatialSpec(SpatialKind.AvgPool2d, shape, new FeatureMap(shape.Channels, height, side), kernel, stride, 0, 0);
        }

        return new LayerSpec(false, shape.Size, spatial.Out.Size, ActivationKind.Identity, false, false, -1, -1) { Spatial = spatial };
    }

    private static LayerSpec? ReadGroupNorm(
        AttributeData attribute, string what, Location location, string name, FeatureMap shape, int offset, List<DiagnosticInfo> diagnostics)
    {
        int groups = attribute.ConstructorArguments[RuntimeContract.GroupNormAttribute.GroupsArgument].Value is int g ? g : 0;
        if (groups < 1 || shape.Channels % groups != 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SpatialGroups, location, what, name, shape.ToString(), Literals.Int(groups), Literals.Int(shape.Channels)));
            return null;
        }

        var spatial = new SpatialSpec(SpatialKind.GroupNorm, shape, shape, 0, 0, 0, groups);
        return new LayerSpec(false, shape.Size, shape.Size, ActivationKind.Identity, true, false, offset, offset + shape.Channels) { Spatial = spatial };
    }
}
