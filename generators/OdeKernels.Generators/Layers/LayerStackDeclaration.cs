using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using OdeKernels.Generators.Common;
using Descriptors = OdeKernels.Generators.Diagnostics.DiagnosticDescriptors;

namespace OdeKernels.Generators.Layers;

/// <summary>
/// What the <c>[Dynamics]</c> and <c>[Network]</c> parsers read alike: the declaration and its attribute, the
/// declaration checks, the precision, the size budget, and at the end the spec, or the stub of the surface when a
/// check failed. Each parser reads its own named arguments (<see cref="Argument{T}"/>) and layers in between.
/// </summary>
internal sealed class LayerStackDeclaration
{
    private readonly AttributeData _attribute;
    private readonly LayerDescriptors _descriptors;
    private readonly bool _shape;
    private string _inputArgument = string.Empty;
    private int _inputWidth;

    private LayerStackDeclaration(
        INamedTypeSymbol type, TypeDeclarationSyntax syntax, AttributeData attribute, Location where, bool shape, bool isDouble,
        LayerDescriptors descriptors, List<DiagnosticInfo> diagnostics)
    {
        Type = type;
        Syntax = syntax;
        _attribute = attribute;
        Where = where;
        _shape = shape;
        IsDouble = isDouble;
        _descriptors = descriptors;
        Diagnostics = diagnostics;
    }

    public INamedTypeSymbol Type { get; }

    public TypeDeclarationSyntax Syntax { get; }

    /// <summary>The type's name as written, for messages.</summary>
    public string Name => Type.Name;

    /// <summary>Where a diagnostic about the whole declaration goes: its attribute, or else the type's name.</summary>
    public Location Where { get; }

    public bool IsDouble { get; }

    public List<DiagnosticInfo> Diagnostics { get; }

    /// <summary>The input's feature map shape (<c>Channels</c>, <c>Height</c>, <c>Width</c>), null for a vector; read by <see cref="ReadInputWidth"/>.</summary>
    public FeatureMap? InputShape { get; private set; }

    /// <summary>The generator's attribute name as written in messages: <c>Dynamics</c> or <c>Network</c>.</summary>
    public string AttributeName => _descriptors == LayerDescriptors.Dynamics ? "Dynamics" : "Network";

    /// <summary>
    /// Reads the declaration of <paramref name="context"/> and checks its shape; null if it repeats the attribute
    /// (reported in <paramref name="diagnostics"/>, and nothing else is to be read).
    /// </summary>
    public static LayerStackDeclaration? Read(
        GeneratorAttributeSyntaxContext context, DeclarationRules rules, LayerDescriptors descriptors, List<DiagnosticInfo> diagnostics, CancellationToken token)
    {
        if (DeclarationChecks.IsRepeat(context, rules, diagnostics, token))
        {
            return null;
        }

        var type = (INamedTypeSymbol)context.TargetSymbol;
        var syntax = (TypeDeclarationSyntax)context.TargetNode;
        AttributeData attribute = DeclarationChecks.OwnAttribute(context);
        Location where = LayerAttributeReader.LocationOf(attribute, token) ?? syntax.Identifier.GetLocation();
        bool shape = LayerAttributeReader.CheckDeclaration(type, syntax, where, descriptors, diagnostics);
        string precisionName = descriptors == LayerDescriptors.Dynamics ? RuntimeContract.DynamicsAttribute.Precision : RuntimeContract.NetworkAttribute.Precision;
        bool isDouble = Argument<ITypeSymbol>(attribute, precisionName) is { } precision
            && LayerAttributeReader.ReadPrecision(precision, type.Name, where, descriptors, diagnostics);
        shape &= DeclarationChecks.CheckShape(context, rules, isDouble ? "double" : "float", diagnostics, token);
        return new LayerStackDeclaration(type, syntax, attribute, where, shape, isDouble, descriptors, diagnostics);
    }

    /// <summary>The attribute's named argument <paramref name="name"/>, or the default if it is not set (or not a <typeparamref name="T"/>).</summary>
    public T? Argument<T>(string name) => Argument<T>(_attribute, name);

    /// <summary>
    /// The width of the stack's input, the named argument <paramref name="argument"/> (<c>StateSize</c>, <c>Inputs</c>),
    /// reported unless positive. With a feature map shape (<c>Channels</c>, <c>Height</c>, <c>Width</c>: see
    /// <see cref="InputShape"/>) the width may be omitted and is then the shape's size; if given, it must equal it.
    /// Read it before the layers: the size budget starts from it.
    /// </summary>
    public int ReadInputWidth(string argument)
    {
        _inputArgument = argument;
        _inputWidth = Argument<int>(argument);
        bool shapeError = ReadInputShape(argument);
        if (_inputWidth <= 0 && !shapeError)
        {
            Diagnostics.Add(DiagnosticInfo.Create(_descriptors.InputWidth, Where, Name, Literals.Int(_inputWidth)));
        }

        return _inputWidth;
    }

    /// <summary>
    /// Reads <c>Channels</c>, <c>Height</c> and <c>Width</c> (none set: a vector input) into <see cref="InputShape"/>
    /// and fills in or checks the width; true if an error was reported.
    /// </summary>
    private bool ReadInputShape(string argument)
    {
        bool dynamics = _descriptors == LayerDescriptors.Dynamics;
        int channels = Argument<int>(dynamics ? RuntimeContract.DynamicsAttribute.Channels : RuntimeContract.NetworkAttribute.Channels);
        int height = Argument<int>(dynamics ? RuntimeContract.DynamicsAttribute.Height : RuntimeContract.NetworkAttribute.Height);
        int width = Argument<int>(dynamics ? RuntimeContract.DynamicsAttribute.Width : RuntimeContract.NetworkAttribute.Width);
        if (channels == 0 && height == 0 && width == 0)
        {
            return false;
        }

        if (channels <= 0 || height <= 0 || width <= 0 || (long)channels * height * width > int.MaxValue)
        {
            Diagnostics.Add(DiagnosticInfo.Create(Descriptors.SpatialShape, Where, Name, Literals.Int(channels), Literals.Int(height), Literals.Int(width)));
            return true;
        }

        var shape = new FeatureMap(channels, height, width);
        if (_inputWidth != 0 && _inputWidth != shape.Size)
        {
            // Reported once; the layers are then checked against the shape, so that the error is not repeated on them.
            Diagnostics.Add(DiagnosticInfo.Create(Descriptors.SpatialShapeSize, Where, Name, shape.ToString(), Literals.Int(shape.Size), argument, Literals.Int(_inputWidth)));
        }

        _inputWidth = shape.Size;
        InputShape = shape;
        return false;
    }

    /// <summary>A budget for the stack's sizes (see <see cref="LayerBudget"/>), the input (<see cref="ReadInputWidth"/>) counted.</summary>
    public LayerBudget Budget(int rowsBefore, int gradientRows)
    {
        var budget = new LayerBudget(IsDouble, Name, rowsBefore, gradientRows, _descriptors, Diagnostics);
        budget.Input(Math.Max(_inputWidth, 0), Where, $"{_inputArgument} = {Literals.Int(_inputWidth)}");
        return budget;
    }

    /// <summary>
    /// <paramref name="layers"/>, each marked with the declaration's <c>FusedMultiplyAdd</c> (read from
    /// <paramref name="argument"/>); unchanged when it is not set, so a declaration without it generates what it did before.
    /// </summary>
    public List<LayerSpec> WithFusedMultiplyAdd(List<LayerSpec> layers, string argument) =>
        Argument<bool>(argument) ? layers.Select(l => l with { FusedMultiplyAdd = true }).ToList() : layers;

    /// <summary>
    /// The spec <paramref name="create"/> makes from the namespace and the type name as generated code writes them if
    /// no error was reported; otherwise the stub of the surface, if the type itself is well-formed, so that the ODEK
    /// error is the only error.
    /// </summary>
    public Result<TSpec> Finish<TSpec>(Func<string, string, TSpec> create, bool divergence = false)
        where TSpec : class
    {
        string ns = Identifiers.NamespaceOf(Type), typeName = Identifiers.EscapeTypeName(Name);
        if (LayerAttributeReader.HasErrors(Diagnostics))
        {
            StubSpec? stub = _shape ? new StubSpec(ns, typeName, Type.ToDisplayString(), "class", IsDouble ? "double" : "float", StubSpec.ErrorIds(Diagnostics), divergence) : null;
            return new Result<TSpec>(null, stub, Diagnostics.ToEquatableArray());
        }

        return new Result<TSpec>(create(ns, typeName), null, Diagnostics.ToEquatableArray());
    }

    private static T? Argument<T>(AttributeData attribute, string name) =>
        attribute.NamedArguments.Where(p => p.Key == name).Select(p => p.Value.Value).OfType<T>().LastOrDefault();
}
