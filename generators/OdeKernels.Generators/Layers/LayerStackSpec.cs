using System.Linq;
using OdeKernels.Generators.Common;

namespace OdeKernels.Generators.Layers;

/// <summary>
/// What a <c>[Dynamics]</c> and a <c>[Network]</c> declaration have in common once validated, as plain equatable data:
/// where the class is, its precision and its layers; each generator's spec adds its own input and shape.
/// </summary>
/// <param name="Namespace">The containing namespace, empty for the global namespace.</param>
/// <param name="TypeName">The class name.</param>
/// <param name="IsDouble">Whether the precision is double (otherwise float).</param>
/// <param name="Layers">The layers in application order, with parameter offsets.</param>
internal abstract record LayerStackSpec(string Namespace, string TypeName, bool IsDouble, EquatableArray<LayerSpec> Layers)
{
    /// <summary>The C# keyword of the element type.</summary>
    public string Element => IsDouble ? "double" : "float";

    public int ParameterCount => Layers.Sum(l => l.ParameterCount);

    /// <summary>The width of the stack's input (the state, or a sample).</summary>
    public abstract int InputWidth { get; }

    /// <summary>The widest value that flows between layers (the input included).</summary>
    public int MaxWidth => Layers.Select(l => l.Outputs).Concat(new[] { InputWidth }).Max();

    /// <summary>Whether the kernels need the activations' second derivatives (see <c>ActivationFormula.Second</c>).</summary>
    public virtual bool SecondDerivatives => false;

    /// <summary>Lanes in a Vector512 of the element type: the widest tile any machine uses.</summary>
    public int MaxLanes => IsDouble ? 8 : 16;
}
