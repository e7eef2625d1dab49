using Microsoft.CodeAnalysis;
using OdeKernels.Generators.Common;

namespace OdeKernels.Generators.Diagnostics;

/// <summary>The diagnostics of <c>[Network]</c> declarations (ODEK2NN), located on the offending attribute.</summary>
internal static partial class DiagnosticDescriptors
{
    private const string NetworkCategory = "OdeKernels.Network";

    public static readonly DiagnosticDescriptor NetworkNotPartial = new(
        "ODEK201", "Network type must be a partial class",
        "'{0}' is marked [Network] but is not declared partial; declare it 'partial class {0}' so the generated network can be added",
        NetworkCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NetworkNestedOrGeneric = new(
        "ODEK202", "Network type must be a top-level, non-generic class",
        "'{0}' is marked [Network] but is {1}; declare it at namespace level without type parameters",
        NetworkCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NetworkInputs = new(
        "ODEK203", "Network input count must be positive",
        "Inputs of '{0}' is {1}; set [Network(Inputs = n)] with n > 0",
        NetworkCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NetworkPrecision = new(
        "ODEK204", "Network precision must be float or double",
        "Precision of '{0}' is typeof({1}); use typeof(float) or typeof(double)",
        NetworkCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NetworkNoDenseLayer = new(
        "ODEK205", "Network has no dense layer",
        "'{0}' has {1}; a network needs at least one [Dense] layer on the declaration that carries [Network]",
        NetworkCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NetworkLayerWidth = new(
        "ODEK206", "Dense layer width must be positive",
        "Layer {0} of '{1}' is [Dense({2})]; a dense layer needs at least one output",
        NetworkCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NetworkUnknownActivation = new(
        "ODEK207", "Unknown activation",
        "Layer {0} of '{1}' uses activation {2}, which is not a member of " + RuntimeContract.Activation.FullName,
        NetworkCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NetworkLayerElsewhere = new(
        "ODEK208", "Layer attribute is on another partial declaration",
        "[{0}] on '{1}' is on a different partial declaration than [Network]; put every layer on the declaration that carries [Network], whose attribute order is the layer order",
        NetworkCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NetworkResidualExtent = new(
        "ODEK209", "Residual block does not span existing layers",
        "Residual block {0} of '{1}' spans Layers = {2}, but {3}; a block spans the next n ≥ 1 layer attributes after [Residual]",
        NetworkCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NetworkResidualNested = new(
        "ODEK210", "Residual blocks cannot nest or overlap",
        "Residual block {0} of '{1}' starts inside block {2}, which still spans {3} more layer(s); close a block before opening the next",
        NetworkCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NetworkResidualWidth = new(
        "ODEK211", "Residual block changes the width",
        "Residual block {0} of '{1}' takes {2} values but its layers return {3}; y + g(y) needs g to return as many values as it takes",
        NetworkCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NetworkTooLarge = new(
        "ODEK212", "Network is too large",
        "{0} of '{1}' brings {2} to {3}, but at most {4} fit: the generated code keeps {5} lanes of {6} for each in one array of at most 2147483591 elements",
        NetworkCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
