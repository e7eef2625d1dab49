using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace OdeKernels.Generators.Tests;

/// <summary>
/// One random compilation unit for <see cref="GeneratorFuzzTests"/>: a file that declares one generator input (two
/// for a case-only name pair) in a namespace of its own, support types, then use sites that need the generated surface.
/// </summary>
/// <param name="Index">The unit's number in its run.</param>
/// <param name="Source">The file's text.</param>
/// <param name="Parts">Per declared type: the span of its declaration (attributes and parts) and of its use site.</param>
internal sealed record FuzzUnit(int Index, string Source, ImmutableArray<(TextSpan Declaration, TextSpan Use)> Parts);

/// <summary>Assembles one unit's text: the declarations in their namespace, support types, then the use sites.</summary>
internal sealed class FuzzUnitBuilder
{
    private readonly List<string> _declarations = new();
    private readonly StringBuilder _support = new();
    private readonly List<string> _uses = new();
    private readonly List<string> _qualifiedNames = new();
    private bool _orderHelper;
    private int _supportTypes;

    public FuzzUnitBuilder(int index, string ns)
    {
        Index = index;
        Namespace = ns;
    }

    public int Index { get; }

    /// <summary>The namespace, empty for the global one.</summary>
    public string Namespace { get; }

    public void AddSupport(string declaration)
    {
        if (declaration.Length > 0)
        {
            _support.AppendLine(declaration);
        }
    }

    public void NeedsOrderHelper() => _orderHelper = true;

    /// <summary>A name for a support type, unique in the unit: <paramref name="stem"/>, the unit's index and a count.</summary>
    public string NextName(string stem) => $"{stem}{Int(Index)}x{Int(_supportTypes++)}";

    /// <summary>Declares a type; <paramref name="secondPart"/> (null: none) is the attribute of an extra partial part.</summary>
    public void Declare(
        IEnumerable<string> attributes, string keyword, string name, string members, bool isGeneric, bool nested, string? secondPart, string baseList)
    {
        string typeName = isGeneric ? name + "<TT>" : name;
        string body = members.Replace("NAME(", "public " + name + "(", StringComparison.Ordinal);
        var text = new StringBuilder();
        foreach (string attribute in attributes)
        {
            text.AppendLine(attribute);
        }

        text.AppendLine($"{keyword} {typeName}{baseList}");
        text.AppendLine("{");
        if (body.Length > 0)
        {
            text.AppendLine("    " + body);
        }

        text.AppendLine("}");
        if (secondPart is not null && keyword.Contains("partial", StringComparison.Ordinal))
        {
            text.AppendLine(secondPart);
            text.AppendLine($"{keyword} {typeName} {{ }}");
        }

        string qualified = $"global::{(Namespace.Length == 0 ? string.Empty : Namespace + ".")}{(nested ? "Outer" + Int(Index) + "." : string.Empty)}{(isGeneric ? name + "<float>" : name)}";
        _qualifiedNames.Add(qualified);
        _declarations.Add(nested ? $"public static partial class Outer{Int(Index)}\n{{\n{text}}}\n" : text.ToString());
    }

    /// <summary>The use site of the last declared type: a method body in which {0} is the type's qualified name.</summary>
    public void Use(string body) => _uses.Add(string.Format(CultureInfo.InvariantCulture, body, _qualifiedNames[^1]));

    public FuzzUnit Build(bool blockNamespace)
    {
        var text = new StringBuilder();
        text.AppendLine("using OdeKernels;");
        text.AppendLine();
        blockNamespace &= Namespace.Length > 0;
        if (Namespace.Length > 0)
        {
            text.AppendLine(blockNamespace ? $"namespace {Namespace}\n{{" : $"namespace {Namespace};");
        }

        var declarations = new List<TextSpan>();
        foreach (string declaration in _declarations)
        {
            declarations.Add(new TextSpan(text.Length, declaration.Length));
            text.Append(declaration);
        }

        text.Append(_support);
        text.AppendLine($"internal static class Uses{Int(Index)}");
        text.AppendLine("{");
        var parts = ImmutableArray.CreateBuilder<(TextSpan, TextSpan)>();
        for (int k = 0; k < _uses.Count; k++)
        {
            string use = $"    public static int Use{Int(k)}() {{ {_uses[k]} }}";
            parts.Add((declarations[k], new TextSpan(text.Length, use.Length)));
            text.AppendLine(use);
        }

        if (_orderHelper)
        {
            text.AppendLine("    private static int Order<TT>() where TT : struct, global::OdeKernels.IRungeKuttaTableau => TT.Info.Order;");
        }

        text.AppendLine("}");
        if (blockNamespace)
        {
            text.AppendLine("}");
        }

        return new FuzzUnit(Index, text.ToString(), parts.ToImmutable());
    }

    private static string Int(int value) => FuzzDeclarations.Int(value);
}
