using Microsoft.CodeAnalysis;

namespace OdeKernels.Generators.Diagnostics;

/// <summary>
/// The diagnostics of feature maps and the layers on them (<c>Channels</c>/<c>Height</c>/<c>Width</c>,
/// <c>[Conv2d]</c>, <c>[GroupNorm]</c>, <c>[AvgPool2d]</c>, <c>[GlobalAvgPool2d]</c>) on a <c>[Network]</c> or
/// <c>[Dynamics]</c> (ODEK403–ODEK411; ODEK401 and ODEK402 stay free, as the tests read any ODEKx01/x02 as an error of
/// the declaration's shape): each states the shapes involved and is located on the attribute at fault.
/// </summary>
internal static partial class DiagnosticDescriptors
{
    private const string SpatialCategory = "OdeKernels.Layers";

    public static readonly DiagnosticDescriptor SpatialShape = new(
        "ODEK403", "Feature map shape must be positive",
        "'{0}' declares Channels = {1}, Height = {2}, Width = {3}; a feature map needs all three positive",
        SpatialCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor SpatialShapeSize = new(
        "ODEK404", "Feature map shape does not match the declared size",
        "'{0}' declares a {1} feature map ({2} values), but {3} = {4}; omit {3} or make it {2}",
        SpatialCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor SpatialNeedsFeatureMap = new(
        "ODEK405", "Layer needs a feature map input",
        "{0} of '{1}' needs a feature map (C×H×W) input, but its input is {2}; declare Channels, Height and Width on the [{3}] attribute, and put convolutions and group norms before the first [Dense]",
        SpatialCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor SpatialSetting = new(
        "ODEK406", "Convolution or pooling setting out of range",
        "{0} of '{1}' has {2} = {3}; {4}",
        SpatialCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor SpatialEmptyOutput = new(
        "ODEK407", "Convolution or pooling kernel does not fit its input",
        "{0} of '{1}' takes a {2} input: a {3}×{3} kernel with padding {4} gives an output of {5}×{6}, which is empty; use a smaller kernel or more padding",
        SpatialCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor SpatialGroups = new(
        "ODEK408", "Group count must divide the channels",
        "{0} of '{1}' splits the {2} input into {3} groups, but {3} does not divide its {4} channels; use a divisor of {4}",
        SpatialCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor SpatialStateShape = new(
        "ODEK409", "Last layer shape must equal the state shape",
        "{0} of '{1}' gives a {2} feature map, but the state is {3}; f(t, y) must have the state's shape",
        SpatialCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor SpatialDivergence = new(
        "ODEK410", "Exact divergence is not generated for feature-map layers",
        "'{0}' sets Divergence = true, but {1} is a {2} layer; the exact divergence (one tangent per state component) is generated for dense and pointwise layers only: drop Divergence, or use Hutchinson's estimator through the VJP",
        SpatialCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor SpatialResidualShape = new(
        "ODEK411", "Residual block changes the feature map shape",
        "Residual block {0} of '{1}' takes a {2} feature map, but its layers give {3}; y + g(y) needs g to keep the shape",
        SpatialCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
