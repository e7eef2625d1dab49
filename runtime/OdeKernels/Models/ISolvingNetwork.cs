using System;
using System.Collections.Generic;
using System.Numerics;
using OdeKernels.Checkpoints;

namespace OdeKernels.Models;

/// <summary>
/// A network that solves an ODE inside (an <see cref="OdeModel{TStem, TDynamics, TTableau, THead, T}"/>), as
/// <see cref="SampleFit{T}"/> reports and checkpoints it: its method, its adjoint, the work of its last solves, and
/// its own checkpoint tensors (each part under its prefix).
/// </summary>
/// <typeparam name="T">The floating-point type.</typeparam>
internal interface ISolvingNetwork<T> : INetwork<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The Runge-Kutta method's name.</summary>
    string Tableau { get; }

    /// <summary>The adjoint of the block's gradient.</summary>
    AdjointMethod Adjoint { get; }

    /// <summary>The work of the last forward solve.</summary>
    SolverStats ForwardStats { get; }

    /// <summary>The work of the last backward pass.</summary>
    SolverStats BackwardStats { get; }

    /// <summary>
    /// One training step with one forward solve of the block, whatever the adjoint: the outputs of the first
    /// <paramref name="count"/> samples of <paramref name="x"/> go into <paramref name="y"/>, <paramref name="loss"/>
    /// then scores them and writes dL/d(outputs) into <paramref name="dy"/>, and dL/dθ is added into
    /// <paramref name="dtheta"/>. The same bits as <see cref="INetwork{T}.Forward"/>, the loss and
    /// <see cref="INetwork{T}.Vjp"/> called in turn, where the adjoint's own forward solve repeated the forward pass's.
    /// </summary>
    /// <returns>The loss.</returns>
    double LossAndGradient(ReadOnlySpan<T> x, int count, T[] y, T[] dy, Func<double> loss, Span<T> dtheta);

    /// <summary>The parameters as checkpoint tensors (copies).</summary>
    IReadOnlyList<SafeTensor> ToTensors();

    /// <summary>Checks the checkpoint's tensors and writes them into <paramref name="restored"/>, changing nothing else.</summary>
    void RestoreInto(SafeTensorsFile file, Span<T> restored);
}
