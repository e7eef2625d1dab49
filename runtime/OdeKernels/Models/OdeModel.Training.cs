using System;
using OdeKernels.Networks;

namespace OdeKernels.Models;

public sealed partial class OdeModel<TStem, TDynamics, TTableau, THead, T>
{
    /// <inheritdoc/>
    /// <remarks>
    /// The block's gradient comes from <see cref="Ode.Gradient{TSystem, TTableau, T}(TSystem, TTableau, ReadOnlySpan{T}, ReadOnlySpan{T}, LossFunction{T}, SolverOptions?, AdjointMethod, int)"/>,
    /// whose loss function runs the head and the caller's loss on the adjoint's own forward solution: a Direct or
    /// Checkpointed adjoint records its steps while it solves, so a separate forward pass before it (as
    /// <see cref="SampleFit{T}"/>'s Forward-then-Vjp did) solved the block twice.
    /// </remarks>
    double ISolvingNetwork<T>.LossAndGradient(ReadOnlySpan<T> x, int count, T[] y, T[] dy, Func<double> loss, Span<T> dtheta)
    {
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(dy);
        ArgumentNullException.ThrowIfNull(loss);
        CheckSamples(x.Length, count, Inputs, nameof(x));
        CheckBlockSize(count);
        CheckSamples(y.Length, count, Outputs, nameof(y));
        CheckSamples(dy.Length, count, Outputs, nameof(dy));
        if (dtheta.Length != _parameters.Length)
        {
            throw new ArgumentException($"dtheta has length {dtheta.Length}; it must hold the {_parameters.Length} parameters.", nameof(dtheta));
        }

        SyncParts();
        ForgetForwardPass(); // it serves a Vjp after Forward; this step replaces both

        int n = StateSize, m = Outputs, degree = _options.Solver.MaxDegreeOfParallelism;
        T[] start = Start(x, count, degree);
        var head = new T[Head.ParameterCount];
        LossFunction<T> headAndLoss = (solution, dLdY) =>
        {
            // The block's final states (the second save); dL/dy at t = 0 stays zero, as in Vjp.
            ReadOnlySpan<T> end = solution.States[(count * n)..];
            NetworkBlocks.Forward<THead, T>(Head, end, y.AsSpan(0, count * m), count, degree);
            double value = loss();
            NetworkBlocks.Vjp<THead, T>(Head, end, dy.AsSpan(0, count * m), dLdY[(count * n)..], head, count, degree);
            return value;
        };

        T[] saveAt = [T.Zero, T.CreateChecked(_options.EndTime)];
        Gradient<T> gradient = Ode.Gradient(Dynamics, default(TTableau), start, saveAt, headAndLoss, _options.Solver, _options.Adjoint, _options.Checkpoints);
        Span<T> headTheta = dtheta[(Stem.ParameterCount + Dynamics.ParameterCount)..];
        for (int q = 0; q < head.Length; q++)
        {
            headTheta[q] += head[q];
        }

        Backpropagate(x, gradient, default, dtheta, count);
        return gradient.Loss;
    }
}
