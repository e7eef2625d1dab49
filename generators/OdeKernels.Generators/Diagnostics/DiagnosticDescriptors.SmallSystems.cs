using Microsoft.CodeAnalysis;

namespace OdeKernels.Generators.Diagnostics;

/// <summary>
/// The diagnostics of <c>[SmallOdeSystem]</c> (ODEK501–ODEK505): what keeps the generator from writing a span
/// system's state form. Each names the type and the construct at fault and is located on it.
/// </summary>
internal static partial class DiagnosticDescriptors
{
    private const string SmallSystemCategory = "OdeKernels.SmallSystem";

    public static readonly DiagnosticDescriptor SmallSystemKind = new(
        "ODEK501", "Small ODE system must be a top-level partial struct",
        "'{0}' is marked [SmallOdeSystem] but is {1}; declare it 'partial struct {0}' at namespace level without type parameters",
        SmallSystemCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor SmallSystemInterface = new(
        "ODEK502", "Small ODE system must implement IOdeSystem<double> or IOdeSystem<float>",
        "'{0}' is marked [SmallOdeSystem] but {1}; implement exactly one of IOdeSystem<double> and IOdeSystem<float>",
        SmallSystemCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor SmallSystemStateSize = new(
        "ODEK503", "Small ODE system's StateSize must be a constant 2, 3 or 4",
        "StateSize of '{0}' {1}; the state form needs a constant 2, 3 or 4 (State2, State3, State4) such as 'public int StateSize => 2;'",
        SmallSystemCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor SmallSystemEvaluate = new(
        "ODEK504", "Small ODE system's Evaluate cannot be translated",
        "Evaluate of '{0}' cannot be translated into its state form: {1}; write it as local declarations, assignments and if/else that read y[k] and assign every dydt[k] with constant k",
        SmallSystemCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor SmallSystemAlreadyImplemented = new(
        "ODEK505", "Small ODE system already has a state form",
        "'{0}' is marked [SmallOdeSystem] but already implements {1}; remove the attribute or that implementation",
        SmallSystemCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
