using Microsoft.CodeAnalysis;
using OdeKernels.Generators.Common;

namespace OdeKernels.Generators.Diagnostics;

/// <summary>The diagnostics of <c>[Dynamics]</c> networks (ODEK1NN), located on the offending attribute.</summary>
internal static partial class DiagnosticDescriptors
{
    private const string DynamicsCategory = "OdeKernels.Dynamics";

    public static readonly DiagnosticDescriptor DynamicsNotPartial = new(
        "ODEK101", "Dynamics type must be a partial class",
        "'{0}' is marked [Dynamics] but is not declared partial; declare it 'partial class {0}' so the generated network can be added",
        DynamicsCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DynamicsNestedOrGeneric = new(
        "ODEK102", "Dynamics type must be a top-level, non-generic class",
        "'{0}' is marked [Dynamics] but is {1}; declare it at namespace level without type parameters",
        DynamicsCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DynamicsStateSize = new(
        "ODEK103", "Dynamics state size must be positive",
        "StateSize of '{0}' is {1}; set [Dynamics(StateSize = n)] with n > 0",
        DynamicsCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DynamicsPrecision = new(
        "ODEK104", "Dynamics precision must be float or double",
        "Precision of '{0}' is typeof({1}); use typeof(float) or typeof(double)",
        DynamicsCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DynamicsNoDenseLayer = new(
        "ODEK105", "Dynamics network has no dense layer",
        "'{0}' has {1}; a network needs at least one [Dense] layer on the declaration that carries [Dynamics]",
        DynamicsCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DynamicsLayerWidth = new(
        "ODEK106", "Dense layer width must be positive",
        "Layer {0} of '{1}' is [Dense({2})]; a dense layer needs at least one output",
        DynamicsCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DynamicsUnknownActivation = new(
        "ODEK107", "Unknown activation",
        "Layer {0} of '{1}' uses activation {2}, which is not a member of " + RuntimeContract.Activation.FullName,
        DynamicsCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DynamicsOutputWidth = new(
        "ODEK108", "Last dense layer width must equal the state size",
        "The last dense layer of '{0}' (layer {1}) has {2} outputs, but StateSize is {3}; f must return one value per state component",
        DynamicsCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DynamicsLayerElsewhere = new(
        "ODEK109", "Layer attribute is on another partial declaration",
        "[{0}] on '{1}' is on a different partial declaration than [Dynamics]; put every layer on the declaration that carries [Dynamics], whose attribute order is the layer order",
        DynamicsCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DynamicsTooLarge = new(
        "ODEK110", "Dynamics network is too large",
        "{0} of '{1}' brings {2} to {3}, but at most {4} fit: the generated code keeps {5} lanes of {6} for each in one array of at most 2147483591 elements",
        DynamicsCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DynamicsResidual = new(
        "ODEK111", "Residual blocks need [Network]",
        "[Residual] on '{0}' would be ignored: a [Dynamics] network has no residual blocks (f = g(y) is already the residual of the ODE step); remove it, or mark the class [Network]",
        DynamicsCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DynamicsDivergenceTooWide = new(
        "ODEK112", "State is too wide for the exact divergence",
        "'{0}' sets Divergence = true with StateSize = {1}, but the exact divergence carries one tangent per state component and is generated for at most {2}; narrow the state, or estimate the divergence with Hutchinson's εᵀ(∂f/∂y)ε through VjpBatch",
        DynamicsCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DynamicsDivergenceTooLarge = new(
        "ODEK113", "Scratch of the exact divergence is too large",
        "'{0}' sets Divergence = true, but its scratch tile may need {1} rows ({2} × the {3} rows of f's tile: one set of tangents per state component), and at most {4} fit in one array of {5} lanes of {6}; narrow the network or the state",
        DynamicsCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
