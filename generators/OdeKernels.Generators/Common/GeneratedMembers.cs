using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace OdeKernels.Generators.Common;

/// <summary>
/// The members one generator emits into a declaration, as far as a member of the user's can clash with them: any
/// member named like a generated property, field or private helper clashes (CS0102, or CS0108 when inherited); a
/// method named like a generated public method clashes only with the same parameter types (otherwise it is an
/// overload); a constructor with the parameter types of a generated one clashes (CS0111), and so does an explicit
/// implementation of an interface member that the generated code implements explicitly. Emitters and this list are
/// kept in step by <c>GeneratedMembersTests</c>, which reads every member out of generated code.
/// </summary>
internal sealed class GeneratedMembers
{
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(int Arity, string[] Parameters, string? Display)>> _methods = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _explicit = new(StringComparer.Ordinal);
    private readonly List<string[]> _constructors = new();
    private readonly List<(string Prefix, string Description)> _numbered = new();

    /// <summary>A property (its getter's name <c>get_X</c> is taken too).</summary>
    public GeneratedMembers Property(string name, string description)
    {
        _names[name] = description;
        _names["get_" + name] = description;
        return this;
    }

    /// <summary>A field, constant or private helper: any member of that name clashes.</summary>
    public GeneratedMembers Name(string name, string description)
    {
        _names[name] = description;
        return this;
    }

    /// <summary>
    /// Private helpers named <paramref name="prefix"/> followed by digits and underscores (e.g. <c>Stage2</c>,
    /// <c>Forward512</c>, a kernel's part <c>Forward512_2</c>: see <see cref="KernelParts"/>).
    /// </summary>
    public GeneratedMembers Numbered(string prefix, string description)
    {
        _numbered.Add((prefix, description));
        return this;
    }

    /// <summary>
    /// A public method; parameter types as <see cref="SymbolDisplayFormat.FullyQualifiedFormat"/> writes them, with
    /// <c>T</c> for the element type and <c>*</c> for a method type parameter (which matches any type).
    /// </summary>
    public GeneratedMembers Method(string name, int arity, params string[] parameters) => GenericMethod(name, arity, null, parameters);

    /// <summary>A public generic method, shown in messages as <paramref name="display"/> (its signature as written).</summary>
    public GeneratedMembers GenericMethod(string name, int arity, string? display, params string[] parameters)
    {
        if (!_methods.TryGetValue(name, out var overloads))
        {
            _methods[name] = overloads = new();
        }

        overloads.Add((arity, parameters, display));
        return this;
    }

    /// <summary>
    /// An explicit implementation of member <paramref name="name"/> of <paramref name="interfaceName"/> (as
    /// <c>ToDisplayString</c> writes the interface's definition, e.g. <c>OdeKernels.INetwork&lt;T&gt;</c>): a user's
    /// explicit implementation of the same member clashes.
    /// </summary>
    public GeneratedMembers Explicit(string interfaceName, string name)
    {
        _explicit[interfaceName + "." + name] = $"the explicit implementation of '{interfaceName}.{name}'";
        return this;
    }

    /// <summary>A public constructor with the given parameter types (<c>T</c> for the element type).</summary>
    public GeneratedMembers Constructor(params string[] parameters)
    {
        _constructors.Add(parameters);
        return this;
    }

    /// <summary>What a member named <paramref name="name"/> is in the generated code, or null.</summary>
    public string? Describe(string name)
    {
        if (_names.TryGetValue(name, out string? description))
        {
            return description;
        }

        if (_methods.TryGetValue(name, out var overloads))
        {
            return Describe(name, overloads[0], "T");
        }

        foreach ((string prefix, string numbered) in _numbered)
        {
            if (name.Length > prefix.Length && name.StartsWith(prefix, StringComparison.Ordinal) && name.Skip(prefix.Length).All(c => c is >= '0' and <= '9' or '_'))
            {
                return numbered + $" '{name}'";
            }
        }

        return null;
    }

    /// <summary>The generated member that <paramref name="member"/> clashes with (for element type <paramref name="element"/>), or null.</summary>
    public string? Clash(ISymbol member, string element)
    {
        if (member is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor)
        {
            string[] types = ParameterTypes(constructor);
            return _constructors.Any(c => Matches(c, types, element))
                ? $"the constructor '({string.Join(", ", types)})'"
                : null;
        }

        ImmutableArray<ISymbol> implemented = member switch
        {
            IPropertySymbol p => p.ExplicitInterfaceImplementations.CastArray<ISymbol>(),
            IEventSymbol e => e.ExplicitInterfaceImplementations.CastArray<ISymbol>(),
            IMethodSymbol m => m.ExplicitInterfaceImplementations.CastArray<ISymbol>(),
            _ => ImmutableArray<ISymbol>.Empty,
        };
        if (!implemented.IsEmpty)
        {
            // An explicit implementation clashes only with the generated implementation of the same interface member.
            return implemented
                .Select(i => _explicit.TryGetValue(i.ContainingType.ConstructedFrom.ToDisplayString() + "." + i.Name, out string? d) ? d : null)
                .FirstOrDefault(d => d is not null);
        }

        if (member is IMethodSymbol method && _methods.TryGetValue(method.Name, out var overloads) && !_names.ContainsKey(method.Name))
        {
            string[] types = ParameterTypes(method);
            var match = overloads.FirstOrDefault(o => o.Arity == method.Arity && Matches(o.Parameters, types, element));
            return match.Parameters is null ? null : Describe(method.Name, match, element);
        }

        return Describe(member.Name);
    }

    private static string Describe(string name, (int Arity, string[] Parameters, string? Display) method, string element) =>
        $"the method '{method.Display ?? $"{name}({string.Join(", ", method.Parameters.Select(p => Short(Substitute(p, element))))})"}'";

    private static string Substitute(string type, string element) => type == "T" ? element : type.Replace("<T>", "<" + element + ">");

    private static string[] ParameterTypes(IMethodSymbol method) =>
        method.Parameters.Select(p => p.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)).ToArray();

    private static bool Matches(string[] generated, string[] user, string element) =>
        generated.Length == user.Length
        && generated.Zip(user, (g, u) => g == "*" || Substitute(g, element) == u).All(m => m);

    /// <summary>A parameter type without its <c>global::</c> namespaces, for messages.</summary>
    private static string Short(string type)
    {
        int generic = type.IndexOf('<');
        string head = generic < 0 ? type : type.Substring(0, generic);
        int dot = head.LastIndexOf('.');
        return dot < 0 ? type : type.Substring(dot + 1);
    }
}
