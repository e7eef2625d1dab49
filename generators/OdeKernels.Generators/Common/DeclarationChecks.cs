using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using OdeKernels.Generators.Diagnostics;

namespace OdeKernels.Generators.Common;

/// <summary>
/// The checks that decide whether a generator can complete a declaration at all (ODEK3NN), the same for every
/// generator: the attribute once, the right kind of type, no clash with the generated members or with the names the
/// generated code relies on, a base class whose constructor it can call. A declaration that fails one gets nothing
/// generated, since whatever was generated would not compile.
/// </summary>
internal static class DeclarationChecks
{
    /// <summary>
    /// The generator's attribute as applied to this part of the type. <see cref="GeneratorAttributeSyntaxContext.Attributes"/>
    /// holds the applications on every part of a partial type, so the first of them may be another part's.
    /// </summary>
    public static AttributeData OwnAttribute(GeneratorAttributeSyntaxContext context) =>
        context.Attributes.FirstOrDefault(a => a.ApplicationSyntaxReference is { } r && r.SyntaxTree == context.TargetNode.SyntaxTree && context.TargetNode.Span.Contains(r.Span))
        ?? context.Attributes[0];

    /// <summary>
    /// Whether this part of a partial type repeats the attribute of an earlier part (by file path, then position), and
    /// reports it there: the earlier part is the one completed, and this one must produce nothing, so that the type is
    /// generated once. A second application on the same part is reported too, and the first one is used.
    /// </summary>
    public static bool IsRepeat(GeneratorAttributeSyntaxContext context, DeclarationRules rules, List<DiagnosticInfo> diagnostics, CancellationToken token)
    {
        var type = (INamedTypeSymbol)context.TargetSymbol;
        IList<SyntaxTree> trees = context.SemanticModel.Compilation.SyntaxTrees as IList<SyntaxTree> ?? context.SemanticModel.Compilation.SyntaxTrees.ToList();
        SyntaxReference[] applications = type.GetAttributes()
            .Where(a => a.AttributeClass?.ToDisplayString() == rules.AttributeMetadataName && a.ApplicationSyntaxReference is not null)
            .Select(a => a.ApplicationSyntaxReference!)
            .OrderBy(r => r.SyntaxTree.FilePath, StringComparer.Ordinal)
            .ThenBy(r => trees.IndexOf(r.SyntaxTree))
            .ThenBy(r => r.Span.Start)
            .ToArray();
        SyntaxNode node = context.TargetNode;
        SyntaxReference[] own = applications.Where(r => r.SyntaxTree == node.SyntaxTree && node.Span.Contains(r.Span)).ToArray();
        if (applications.Length < 2 || own.Length == 0)
        {
            return false;
        }

        SyntaxReference first = applications[0];
        string firstPlace = $"{Path.GetFileName(first.SyntaxTree.FilePath)} at line {first.SyntaxTree.GetLineSpan(first.Span, token).StartLinePosition.Line + 1}";
        bool repeat = own[0] != first;
        foreach (SyntaxReference extra in repeat ? own : own.Skip(1))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DeclarationDuplicateAttribute, extra.GetSyntax(token).GetLocation(), rules.AttributeName, type.Name, firstPlace));
        }

        return repeat;
    }

    /// <summary>
    /// Checks the kind of type, its name, its members, its base class and the names in scope; reports what fails and
    /// returns whether everything passed. <paramref name="element"/> is the element type the generated signatures use.
    /// </summary>
    public static bool CheckShape(GeneratorAttributeSyntaxContext context, DeclarationRules rules, string element, List<DiagnosticInfo> diagnostics, CancellationToken token)
    {
        var type = (INamedTypeSymbol)context.TargetSymbol;
        var syntax = (TypeDeclarationSyntax)context.TargetNode;
        Location identifier = syntax.Identifier.GetLocation();
        int before = diagnostics.Count;
        if (KindProblem(type, rules) is { } what)
        {
            string wanted = rules.IsStruct ? $"'partial struct {type.Name}' or 'partial record struct {type.Name}'" : $"'partial class {type.Name}'";
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DeclarationKind, identifier, type.Name, rules.AttributeName, what, wanted));
            return false; // The other checks assume the right kind of type.
        }

        if (rules.ExclusiveWith is { } other && type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == other))
        {
            Location? attribute = OwnAttribute(context).ApplicationSyntaxReference?.GetSyntax(token).GetLocation();
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DeclarationBothGenerators, attribute ?? identifier, type.Name));
        }

        if (rules.Members.Describe(type.Name) is { } sameName)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DeclarationTypeNameClash, identifier, type.Name, sameName, rules.AttributeName));
        }

        CheckMembers(type, syntax, rules, element, diagnostics);
        token.ThrowIfCancellationRequested();
        CheckBase(context.SemanticModel.Compilation, type, syntax, rules, element, diagnostics);
        CheckNamesInScope(context.SemanticModel, type, syntax, rules, diagnostics);
        return diagnostics.Count == before;
    }

    /// <summary>What is wrong with the kind of type ("a record", "a static class", ...), or null.</summary>
    private static string? KindProblem(INamedTypeSymbol type, DeclarationRules rules)
    {
        string kind = type.TypeKind switch
        {
            TypeKind.Struct when type.IsRecord => "a record struct",
            TypeKind.Struct => "a struct",
            TypeKind.Class when type.IsRecord => "a record",
            TypeKind.Interface => "an interface",
            _ => "a class",
        };
        if (rules.IsStruct)
        {
            // A ref struct cannot be the solver's type argument (TTableau : struct, IRungeKuttaTableau).
            return type.TypeKind != TypeKind.Struct ? kind
                : type.IsRefLikeType ? "a ref struct, which cannot be a type argument of the solver"
                : type.IsFileLocal ? "a file-local struct, which code generated into another file cannot complete"
                : null;
        }

        return type.TypeKind != TypeKind.Class || type.IsRecord ? kind
            : type.IsStatic ? "a static class, which cannot have the generated instance members"
            : type.IsFileLocal ? "a file-local class, which code generated into another file cannot complete"
            : type.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is ClassDeclarationSyntax { ParameterList: not null })
                ? "a class with a primary constructor, which the generated constructors would have to call"
            : null;
    }

    private static void CheckMembers(INamedTypeSymbol type, TypeDeclarationSyntax syntax, DeclarationRules rules, string element, List<DiagnosticInfo> diagnostics)
    {
        foreach (ISymbol member in type.GetMembers())
        {
            if (!IsUsersOwn(member) || rules.Members.Clash(member, element) is not { } generated)
            {
                continue;
            }

            string what = $"{Kind(member)} '{(member is IMethodSymbol { MethodKind: MethodKind.Constructor } ? type.Name : member.Name)}'";
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DeclarationMemberClash, member.Locations.FirstOrDefault(l => l.IsInSource), what, type.Name, generated, rules.AttributeName));
        }

        if (rules.IsStruct)
        {
            return;
        }

        // The generated constructors set no required member, so 'new T(seed)' would not compile.
        for (INamedTypeSymbol? owner = type; owner is not null && owner.SpecialType != SpecialType.System_Object; owner = owner.BaseType)
        {
            foreach (ISymbol member in owner.GetMembers().Where(m => m is IPropertySymbol { IsRequired: true } or IFieldSymbol { IsRequired: true }))
            {
                Location? location = SymbolEqualityComparer.Default.Equals(owner, type)
                    ? member.Locations.FirstOrDefault(l => l.IsInSource)
                    : (type.BaseType is { } baseType ? BaseLocation(syntax, baseType) : null) ?? syntax.Identifier.GetLocation();
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DeclarationRequiredMember, location, Kind(member), member.Name, type.Name, rules.AttributeName));
            }
        }

        // A constructor of the user's that does not chain to a generated one leaves the generated fields unset.
        foreach (IMethodSymbol constructor in type.InstanceConstructors.Where(c => !c.IsImplicitlyDeclared && rules.Members.Clash(c, element) is null))
        {
            foreach (SyntaxReference reference in constructor.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is ConstructorDeclarationSyntax { Initializer: not { RawKind: (int)SyntaxKind.ThisConstructorInitializer } } declaration)
                {
                    string parameters = string.Join(", ", constructor.Parameters.Select(p => p.Type.ToDisplayString()));
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DeclarationConstructorChain, declaration.Identifier.GetLocation(), type.Name, parameters, rules.AttributeName));
                }
            }
        }
    }

    /// <summary>
    /// Reports a base class that the generated constructors cannot call with no arguments, one that carries a
    /// generator's attribute (its generated members, unseen here, would be hidden) and inherited members that the
    /// generated ones would hide.
    /// </summary>
    private static void CheckBase(Compilation compilation, INamedTypeSymbol type, TypeDeclarationSyntax syntax, DeclarationRules rules, string element, List<DiagnosticInfo> diagnostics)
    {
        INamedTypeSymbol? baseType = type.BaseType;
        if (rules.IsStruct || baseType is null || baseType.SpecialType == SpecialType.System_Object)
        {
            return;
        }

        Location location = BaseLocation(syntax, baseType) ?? syntax.Identifier.GetLocation();
        if (!baseType.InstanceConstructors.Any(c => c.Parameters.All(p => p.IsOptional || p.IsParams) && compilation.IsSymbolAccessibleWithin(c, type)))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DeclarationBaseConstructor, location, type.Name, baseType.ToDisplayString(), rules.AttributeName));
        }

        for (INamedTypeSymbol? ancestor = baseType; ancestor is not null && ancestor.SpecialType != SpecialType.System_Object; ancestor = ancestor.BaseType)
        {
            if (ancestor.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString()
                    is RuntimeContract.ButcherTableauAttribute.FullName or RuntimeContract.DynamicsAttribute.FullName or RuntimeContract.NetworkAttribute.FullName) is { } generated)
            {
                string attribute = generated.AttributeClass!.Name.Substring(0, generated.AttributeClass.Name.Length - "Attribute".Length);
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DeclarationInheritedClash, location, type.Name, $"the members that [{attribute}] generates", ancestor.ToDisplayString(), "each of the members", rules.AttributeName));
                return;
            }

            foreach (ISymbol member in ancestor.GetMembers())
            {
                if (IsUsersOwn(member) && member is not IMethodSymbol { MethodKind: MethodKind.Constructor }
                    && compilation.IsSymbolAccessibleWithin(member, type) && rules.Members.Clash(member, element) is { } hidden)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DeclarationInheritedClash, location, type.Name, $"{Kind(member)} '{member.Name}'", ancestor.ToDisplayString(), hidden, rules.AttributeName));
                }
            }
        }
    }

    /// <summary>
    /// Reports a type named like a contextual keyword that the generated code uses (<c>var</c>, <c>nuint</c>, ...) in
    /// scope of the declaration, any member named <c>nameof</c>, and a type in the global namespace named like the
    /// namespaces the generated code starts from (<c>global::System</c>).
    /// </summary>
    private static void CheckNamesInScope(SemanticModel model, INamedTypeSymbol type, TypeDeclarationSyntax syntax, DeclarationRules rules, List<DiagnosticInfo> diagnostics)
    {
        Location identifier = syntax.Identifier.GetLocation();
        foreach (string keyword in rules.Keywords)
        {
            IEnumerable<ISymbol> found = model.LookupNamespacesAndTypes(syntax.SpanStart, name: keyword)
                .Concat(model.LookupSymbols(syntax.SpanStart, container: type, name: keyword));
            if (keyword != "nameof")
            {
                found = found.Where(s => s is ITypeSymbol);
            }

            if (found.FirstOrDefault() is { } symbol)
            {
                string what = symbol is ITypeSymbol ? "A type named" : $"A {Kind(symbol)} named";
                string usage = keyword == "nameof" ? "the nameof operator" : $"the keyword in '{Example(keyword)}'";
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DeclarationNameInScope, identifier, what, keyword, type.Name, symbol.ToDisplayString(), rules.AttributeName, usage));
            }
        }

        foreach (string root in DeclarationRules.GlobalRoots)
        {
            if (model.Compilation.GlobalNamespace.GetTypeMembers(root).FirstOrDefault() is { } clash)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DeclarationNameInScope, identifier, "A type in the global namespace named", root, type.Name, clash.ToDisplayString(), rules.AttributeName, $"the namespace in 'global::{root}'"));
            }
        }
    }

    private static string Example(string keyword) => keyword switch
    {
        "var" => "var x = ...",
        "nuint" => "(nuint)i",
        "unmanaged" => "where T : unmanaged",
        _ => keyword,
    };

    /// <summary>Whether <paramref name="member"/> is written by the user and can clash (not an accessor, an operator or a finalizer).</summary>
    private static bool IsUsersOwn(ISymbol member) =>
        !member.IsImplicitlyDeclared
        && member is not IMethodSymbol { MethodKind: not (MethodKind.Ordinary or MethodKind.Constructor or MethodKind.ExplicitInterfaceImplementation) };

    private static string Kind(ISymbol member) => member switch
    {
        IMethodSymbol { MethodKind: MethodKind.Constructor } => "constructor",
        IMethodSymbol => "method",
        IPropertySymbol => "property",
        IFieldSymbol => "field",
        IEventSymbol => "event",
        INamedTypeSymbol => "nested type",
        _ => "member",
    };

    /// <summary>The base type as written in this declaration's base list, if it is written there.</summary>
    private static Location? BaseLocation(TypeDeclarationSyntax syntax, INamedTypeSymbol baseType) =>
        syntax.BaseList?.Types.FirstOrDefault(t => LastName(t.Type) == baseType.Name)?.GetLocation();

    private static string LastName(TypeSyntax type) => type switch
    {
        QualifiedNameSyntax q => q.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax a => a.Name.Identifier.ValueText,
        SimpleNameSyntax s => s.Identifier.ValueText,
        _ => string.Empty,
    };
}
