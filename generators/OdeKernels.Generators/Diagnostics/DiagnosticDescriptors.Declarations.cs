using Microsoft.CodeAnalysis;

namespace OdeKernels.Generators.Diagnostics;

/// <summary>
/// The diagnostics of declarations that a generator cannot complete, whichever of <c>[ButcherTableau]</c>,
/// <c>[Dynamics]</c> and <c>[Network]</c> it carries (ODEK3NN; the attribute's name is an argument): the wrong kind of
/// type, names that clash with what the generator emits, a base class the generated constructors cannot call, the
/// attribute twice. Nothing is generated for such a declaration, since the generated code could not compile.
/// </summary>
internal static partial class DiagnosticDescriptors
{
    private const string DeclarationCategory = "OdeKernels.Declaration";

    public static readonly DiagnosticDescriptor DeclarationKind = new(
        "ODEK301", "Type kind is not supported",
        "'{0}' is marked [{1}] but is {2}; declare it as {3}",
        DeclarationCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DeclarationMemberClash = new(
        "ODEK302", "Member clashes with a generated member",
        "{0} of '{1}' clashes with {2}, which [{3}] generates; rename it",
        DeclarationCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DeclarationInheritedClash = new(
        "ODEK303", "Inherited member clashes with a generated member",
        "'{0}' inherits {1} from '{2}', which {3} that [{4}] generates would hide; rename it or derive from another class",
        DeclarationCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DeclarationTypeNameClash = new(
        "ODEK304", "Type name is the name of a generated member",
        "'{0}' has the name of {1}, which [{2}] generates into it, and a member cannot have the name of its type; rename the type",
        DeclarationCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DeclarationBaseConstructor = new(
        "ODEK305", "Base class has no constructor the generated constructors can call",
        "'{0}' derives from '{1}', which has no accessible constructor that takes no arguments; the constructors that [{2}] generates call base()",
        DeclarationCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DeclarationBothGenerators = new(
        "ODEK306", "Class is marked both [Dynamics] and [Network]",
        "'{0}' is marked both [Dynamics] and [Network], whose generated members would clash; a class is either an ODE right-hand side or a network, keep one attribute",
        DeclarationCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DeclarationDuplicateAttribute = new(
        "ODEK307", "Attribute is on more than one partial declaration",
        "[{0}] is on more than one partial declaration of '{1}'; the one in {2} is used, remove this one",
        DeclarationCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DeclarationNameInScope = new(
        "ODEK308", "A name the generated code relies on is taken",
        "{0} '{1}' is in scope in '{2}' ({3}), but the code that [{4}] generates uses '{1}' as {5}; rename it",
        DeclarationCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DeclarationConstructorChain = new(
        "ODEK309", "Constructor does not call a generated constructor",
        "The constructor '{0}({1})' does not call this(...); it must start with ': this(seed)' or ': this(parameters)', since the constructors that [{2}] generates set up the parameters and buffers",
        DeclarationCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DeclarationRequiredMember = new(
        "ODEK310", "Required member cannot be set by the generated constructors",
        "The {0} '{1}' that '{2}' has is required, but the constructors that [{3}] generates cannot set it, so 'new {2}(seed)' would not compile; remove 'required'",
        DeclarationCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
