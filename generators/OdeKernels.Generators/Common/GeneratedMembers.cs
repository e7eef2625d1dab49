using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace OdeKernels.Generators.Common;

/// <summary>
/// The members one generator emits into a declaration, as far as a member of the user's can clash with them: any
/// member named like a generated property, field or private helper clashes (CS0102, or CS0108 when inherited); a
/// method named like a generated public method clashes only with the same parameter types (otherwise it is an
/// overload); a constructor with the parameter types of a generated one clashes (CS0111). Emitters and this list are
/// kept in step by <c>GeneratedMembersTests</c>, which reads every member out of generated code.
/// </summary>
internal sealed class GeneratedMembers
{
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(int Arity, string[] Parameters, string Description)>> _methods = new(StringComparer.Ordinal);
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

    /// <summary>Private helpers named <paramref name="prefix"/> followed by digits (e.g. <c>Stage2</c>, <c>Forward512</c>).</summary>
    public GeneratedMembers Numbered(string prefix, string description)
    {
        _numbered.Add((prefix, description));
        return this;
    }

    /// <summary>
    /// A public method; parameter types as <see cref="SymbolDisplayFormat.FullyQualifiedFormat"/> writes them, with
    /// <c>T</c> for the element type and <c>*</c> for a method type parameter (which matches any type).
    /// </summary>
    public GeneratedMembers Method(string name, int arity, params string[] parameters)
    {
        if (!_methods.TryGetValue(name, out var overloads))
        {
            _methods[name] = overloads = new();
        }

        overloads.Add((arity, parameters, $"the method '{name}({string.Join(", ", parameters.Select(Short))})'"));
        return this;
    }

    /// <summary>A public constructor with the given parameter types (<c>T</c> for the element type).</summary>
    public GeneratedMembers Constructor(params string[] parameters)
    {
        _constructors.Add(parameters);
        return this;
    }

    /// <summary>Every name that a member of the user's cannot have, whatever it is (for the type's own name).</summary>
    public IEnumerable<string> Names => _names.Keys.Concat(_methods.Keys);

    /// <summary>What a member named <paramref name="name"/> is in the generated code, or null.</summary>
    public string? Describe(string name)
    {
        if (_names.TryGetValue(name, out string? description))
        {
            return description;
        }

        if (_methods.TryGetValue(name, out var overloads))
        {
            return overloads[0].Description;
        }

        foreach ((string prefix, string numbered) in _numbered)
        {
            if (name.Length > prefix.Length && name.StartsWith(prefix, StringComparison.Ordinal) && name.Skip(prefix.Length).All(c => c is >= '0' and <= '9'))
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

        if (member is IMethodSymbol method && _methods.TryGetValue(method.Name, out var overloads) && !_names.ContainsKey(method.Name))
        {
            string[] types = ParameterTypes(method);
            return overloads.FirstOrDefault(o => o.Arity == method.Arity && Matches(o.Parameters, types, element)).Description;
        }

        return Describe(member.Name);
    }

    private static string[] ParameterTypes(IMethodSymbol method) =>
        method.Parameters.Select(p => p.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)).ToArray();

    private static bool Matches(string[] generated, string[] user, string element) =>
        generated.Length == user.Length
        && generated.Zip(user, (g, u) => g == "*" || g.Replace("<T>", "<" + element + ">") == u || (g == "T" && u == element)).All(m => m);

    /// <summary>A parameter type without its <c>global::</c> namespaces, for messages.</summary>
    private static string Short(string type)
    {
        int generic = type.IndexOf('<');
        string head = generic < 0 ? type : type.Substring(0, generic);
        int dot = head.LastIndexOf('.');
        return dot < 0 ? type : type.Substring(dot + 1);
    }
}
