using Microsoft.CodeAnalysis;

namespace OdeKernels.Generators.Diagnostics;

/// <summary>
/// Every diagnostic the generator reports. ODEK0NN: Butcher tableaux; ODEK1NN: dynamics networks; ODEK2NN: networks;
/// ODEK3NN: declarations any of the three generators cannot complete; ODEK4NN: feature maps; ODEK5NN: small ODE systems. Each message names the offending value and
/// where it is; the location is the attribute argument, attribute or identifier that holds it. The tolerance ε in the
/// tableau checks is 2⁻⁵² (see <c>Tableaux/OrderTolerance.cs</c>).
/// </summary>
internal static partial class DiagnosticDescriptors
{
    private const string TableauCategory = "OdeKernels.Tableau";

    public static readonly DiagnosticDescriptor TableauNotPartial = new(
        "ODEK001", "Butcher tableau type must be a partial struct",
        "'{0}' is marked [ButcherTableau] but is not declared partial; declare it 'partial struct {0}' so the generated step can be added",
        TableauCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor TableauNestedOrGeneric = new(
        "ODEK002", "Butcher tableau type must be a top-level, non-generic struct",
        "'{0}' is marked [ButcherTableau] but is {1}; declare it at namespace level without type parameters",
        TableauCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor TableauMissingCoefficients = new(
        "ODEK003", "Butcher tableau coefficients are missing",
        "[ButcherTableau] on '{0}' needs {1}",
        TableauCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor TableauLengthMismatch = new(
        "ODEK004", "Butcher tableau array length is inconsistent with the stage count",
        "{0} of '{1}' has {2} values, but {3} stages (the length of C) need {4}",
        TableauCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor TableauNonFinite = new(
        "ODEK005", "Butcher tableau coefficient is not a finite constant",
        "{0}[{1}] of '{2}' is {3}; every coefficient must be a finite constant",
        TableauCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor TableauRowSum = new(
        "ODEK006", "Butcher tableau violates the row-sum condition",
        "C[{0}] of '{1}' is {2}, but row {3} of A sums to {4}; an explicit method needs c_i = sum_j a_ij to within 64 eps (|c_i| + sum_j |a_ij|) = {5}, eps = 2^-52",
        TableauCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor TableauWeightSum = new(
        "ODEK007", "Butcher tableau weights do not sum to 1",
        "The weights {0} of '{1}' sum to {2}, not 1 to within 64 eps (1 + sum_i |b_i|) = {3} (eps = 2^-52); the method would not even be consistent (order 1)",
        TableauCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor TableauOrderNotMet = new(
        "ODEK008", "Butcher tableau does not reach its declared order",
        "{0} = {1} is declared for '{2}', but the order conditions of order {3} fail for {4} (the weights reach order {5}); a condition sum_i b_i Phi_i(t) = 1/gamma(t) must hold to within 64 eps (1/gamma(t) + sum_i |b_i| |Phi|_i(t)), eps = 2^-52, |Phi| being Phi evaluated with |a_ij|",
        TableauCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor TableauOrderOutOfRange = new(
        "ODEK009", "Butcher tableau order is out of range",
        "{0} = {1} of '{2}' is out of range: {3}",
        TableauCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor TableauOrderUnderstated = new(
        "ODEK010", "Butcher tableau reaches a higher order than declared",
        "{0} = {1} is declared for '{2}', but its weights {3} satisfy the order conditions up to order {4}",
        TableauCategory, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor TableauExtraStagesLength = new(
        "ODEK020", "Extra stages of the continuous extension have inconsistent lengths",
        "ExtraA of '{0}' has {1} values, but {2} extra stages (the length of ExtraC) after {3} stages need {4}: extra stage e's row reaches back over the {3} stages and the e - 1 extra stages before it",
        TableauCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor TableauExtraStagesWithoutDense = new(
        "ODEK021", "Extra stages need the method's own dense output",
        "'{0}' declares {1} extra stages (ExtraC) but no Dense weights; the extra stages serve only the interpolant, so declare Dense with a row for each of the {2} stages and extra stages, or remove ExtraC and ExtraA",
        TableauCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor TableauExtraStageRowSum = new(
        "ODEK022", "Extra stage of the continuous extension violates the row-sum condition",
        "ExtraC[{0}] of '{1}' is {2}, but extra stage {3}'s row of ExtraA sums to {4}; it needs c = sum_j a_j to within 64 eps (|c| + sum_j |a_j|) = {5}, eps = 2^-52",
        TableauCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor TableauDenseOrderNotMet = new(
        "ODEK023", "Dense output does not reach its declared order",
        "DenseOrder = {0} is declared for '{1}', but the continuous extension's order conditions of order {2} fail in the coefficients of theta^{3} (Dense reaches order {4}); each condition sum_i b_i(theta) Phi_i(t) = theta^|t|/gamma(t) must hold power by power of theta to within 64 eps times the size of its terms, eps = 2^-52, Phi evaluated over the stages and extra stages",
        TableauCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
