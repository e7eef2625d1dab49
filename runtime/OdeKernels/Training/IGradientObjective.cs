using System;
using System.Collections.Generic;
using System.Numerics;
using OdeKernels.Checkpoints;

namespace OdeKernels.Training;

/// <summary>
/// What a <see cref="Trainer{T}"/> minimises: the parameters it changes, the loss and gradient of each iteration, and
/// the tensors that save and restore them. One abstraction for trajectory fits (<see cref="TrajectoryFit{TSystem, TTableau, T}"/>:
/// solve a batch of initial states, compare with observations, differentiate through the solver) and for networks
/// trained on a data set (<see cref="Models.SampleFit{T}"/>: minibatches of samples through a network or an
/// <see cref="Models.OdeModel{TStem, TDynamics, TTableau, THead, T}"/>), so both get the same loop, observer, metrics,
/// checkpoints and resume. An objective must be a pure function of the iteration, the random stream, its parameters
/// and the state it saves in <see cref="ToTensors"/>, so that a resumed run is the uninterrupted run bit for bit.
/// </summary>
/// <typeparam name="T">The floating-point type.</typeparam>
/// <remarks>Thread safety: a trainer calls it from the thread running Run or Resume, one call at a time;
/// implementations need be thread-safe only if shared by concurrent trainers (the built-in ones are not).</remarks>
public interface IGradientObjective<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The model name recorded in checkpoints and required when resuming.</summary>
    string ModelName { get; }

    /// <summary>The name of the Runge-Kutta method that the objective solves with, for reports and checkpoints.</summary>
    string Tableau { get; }

    /// <summary>The adjoint method that the objective differentiates with, for reports and checkpoints.</summary>
    AdjointMethod Adjoint { get; }

    /// <summary>The number of parameters.</summary>
    int ParameterCount { get; }

    /// <summary>The parameters the optimizer steps, in place (length <see cref="ParameterCount"/>).</summary>
    Span<T> Parameters { get; }

    /// <summary>The loss of iteration <paramref name="iteration"/> at the current parameters, and its gradient.</summary>
    /// <param name="iteration">The 0-based iteration.</param>
    /// <param name="random">The run's random stream (checkpointed with the run); draw from it, never from another source.</param>
    /// <param name="gradient">Receives dL/dθ (length <see cref="ParameterCount"/>, overwritten).</param>
    /// <returns>The loss and the work it took.</returns>
    TrainingStep Gradient(long iteration, TrainingRandom random, Span<T> gradient);

    /// <summary>
    /// Called after the optimizer step of every iteration: an objective that passes over a data set scores the whole
    /// set at the end of a pass here, and may stop the run.
    /// </summary>
    /// <param name="iterations">The iterations completed (the 1-based number of the iteration just stepped).</param>
    /// <returns>Why to stop now, or null to go on.</returns>
    TrainingStopReason? AfterStep(long iterations);

    /// <summary>The parameters, and any state of the objective a resumed run needs, as checkpoint tensors (copies).</summary>
    /// <returns>The tensors; none of their names starts with a prefix the trainer reserves (<c>optimizer.</c>, <c>rng.</c>).</returns>
    IReadOnlyList<SafeTensor> ToTensors();

    /// <summary>
    /// Checks the tensors <see cref="ToTensors"/> wrote against this objective (names, element types, shapes, finite
    /// values) without changing anything, and returns the action that installs them.
    /// </summary>
    /// <param name="file">The checkpoint.</param>
    /// <param name="otherPrefixes">Prefixes of tensors that belong to others and are to be ignored.</param>
    /// <returns>Installs the parameters and state; the trainer calls it once every other part has been checked.</returns>
    /// <exception cref="System.IO.InvalidDataException">The tensors do not fit; the message names the tensor.</exception>
    Action Restore(SafeTensorsFile file, IReadOnlyList<string> otherPrefixes);
}
