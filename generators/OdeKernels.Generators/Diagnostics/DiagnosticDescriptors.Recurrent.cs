using Microsoft.CodeAnalysis;

namespace OdeKernels.Generators.Diagnostics;

/// <summary>The diagnostics of <c>[Gru]</c> and <c>[Rnn]</c> cells on a <c>[Network]</c> (ODEK213–ODEK216), located on the cell's attribute.</summary>
internal static partial class DiagnosticDescriptors
{
    public static readonly DiagnosticDescriptor NetworkCellHidden = new(
        "ODEK213", "Recurrent cell hidden size must be positive",
        "[{0}({1})] of '{2}' has no hidden state: weight_ih would be [{3}, {4}] and weight_hh [{3}, {1}]; give a hidden size H ≥ 1",
        NetworkCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NetworkCellNotAlone = new(
        "ODEK214", "Recurrent cell must be the only layer of its network",
        "'{0}' declares [{1}] and {2} other layer attribute(s); a cell network maps [x ; h] ({3} + {4} values) to h' ({4} values) and takes no other layers: declare them on another [Network]",
        NetworkCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NetworkCellCount = new(
        "ODEK215", "Network declares more than one recurrent cell",
        "'{0}' declares {1} recurrent cells; one [Network] is one cell: declare each cell on its own [Network] and call them in turn",
        NetworkCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DynamicsCell = new(
        "ODEK216", "Recurrent cells need [Network]",
        "[{0}] on '{1}' would be ignored: a recurrent cell is a discrete map [x ; h] ↦ h', not the right-hand side of an ODE, and neither the [Dynamics] kernels nor the CUDA backend run one; declare it on its own [Network] class",
        DynamicsCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
