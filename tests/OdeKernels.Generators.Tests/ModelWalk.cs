using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using OdeKernels.Generators.Common;

namespace OdeKernels.Generators.Tests;

/// <summary>The walk over a generator model's types that <see cref="IncrementalModelTests"/> runs.</summary>
internal static class ModelWalk
{
    /// <summary>
    /// Walks a model's instance properties and fields, through array element types and generic arguments, and lists
    /// every member whose type is or contains a compilation object. Base records in the same assembly are walked too. Members of framework types are not walked: only
    /// their type arguments matter (an <c>ImmutableArray&lt;Location&gt;</c> is caught, <c>string.Length</c> is not visited).
    /// </summary>
    public static IReadOnlyList<string> ForbiddenMembers(Type root, out ISet<Type> visited)
    {
        Type[] forbidden = { typeof(ISymbol), typeof(SyntaxNode), typeof(Location), typeof(Compilation), typeof(SemanticModel) };
        var problems = new List<string>();
        var seen = new HashSet<Type>();
        var pending = new Stack<(Type Type, string Path)>();
        pending.Push((root, root.Name));
        while (pending.Count > 0)
        {
            (Type type, string path) = pending.Pop();
            if (!seen.Add(type))
            {
                continue;
            }

            if (forbidden.FirstOrDefault(f => f.IsAssignableFrom(type)) is { } hit)
            {
                problems.Add($"{path} is a {hit.Name} ({type}).");
                continue;
            }

            foreach (Type inner in type.IsArray ? new[] { type.GetElementType()! } : type.GetGenericArguments())
            {
                pending.Push((inner, $"{path}<{inner.Name}>"));
            }

            if (type.Assembly != root.Assembly)
            {
                continue;
            }

            // A derived record's own fields do not include its base record's (private) backing fields.
            if (type.BaseType is { } baseType && baseType.Assembly == root.Assembly)
            {
                pending.Push((baseType, $"{path}:{baseType.Name}"));
            }

            const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
            foreach (PropertyInfo property in type.GetProperties(Instance).Where(p => p.Name != "EqualityContract"))
            {
                pending.Push((property.PropertyType, $"{path}.{property.Name}"));
            }

            foreach (FieldInfo field in type.GetFields(Instance))
            {
                pending.Push((field.FieldType, $"{path}.{field.Name}"));
            }
        }

        visited = seen;
        return problems;
    }

    /// <summary>A model that leaks compilation objects in the ways a real one might, to test the walk.</summary>
    internal sealed record LeakySpec(string Name, EquatableArray<double> Values, ImmutableArray<Location> Locations, ISymbol[] Symbols, Dictionary<string, List<SyntaxNode>> Nodes);

    /// <summary>A base record whose only leak is a private field, which a derived type's own fields do not list.</summary>
    internal abstract record LeakyBase
    {
        private readonly Location? _where = null;

        public override string ToString() => _where?.ToString() ?? string.Empty;
    }

    /// <summary>A model whose leak is in its base record.</summary>
    internal sealed record DerivedLeakySpec(string Name) : LeakyBase;
}
