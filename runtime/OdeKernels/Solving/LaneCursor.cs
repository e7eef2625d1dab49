using System;
using System.Numerics;

namespace OdeKernels.Solving;

/// <summary>
/// Where one lane's solve stands between steps: enough, with its state and first stage derivative, to continue it
/// (or replay it from a checkpoint) exactly as the solve would. The fields mirror the per-slot arrays of
/// <see cref="SolveWorkspace{T}"/>.
/// </summary>
internal struct LaneCursor
{
    /// <summary>The lane's time, in double so that long float32 solves do not drift off the save times.</summary>
    public double Time;

    /// <summary>The proposed next step.</summary>
    public double Step;

    /// <summary>The error norm of the last accepted step (the PI controller's memory).</summary>
    public double PreviousError;

    /// <summary>The save time last landed on (fixed steps advance from it as start + k·h).</summary>
    public double SegmentStart;

    /// <summary>Steps since <see cref="SegmentStart"/>.</summary>
    public int SegmentSteps;

    /// <summary>The index of the save time the lane is heading for.</summary>
    public int NextSave;

    /// <summary>How many more steps the lane may accept (a replay's budget; int.MaxValue in a solve).</summary>
    public int StepsLeft;
}

/// <summary>Work counters of one lane's solve.</summary>
internal struct LaneWork
{
    public long Evaluations;
    public long Accepted;
    public long Rejected;

    public readonly SolverStats Stats => new(Evaluations, Accepted, Rejected);
}

/// <summary>Observes every attempted step of a single-lane solve (the discrete adjoints tape or checkpoint it).</summary>
internal interface ILaneRecorder<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// Called after each step once its acceptance is decided and before an accepted step moves the lane on:
    /// <paramref name="y"/>, <paramref name="stages"/> and <paramref name="cursor"/> still describe the step's start.
    /// </summary>
    /// <param name="y">The state at the start of the step.</param>
    /// <param name="stages">The stage derivatives of the step (the first is f at its start).</param>
    /// <param name="cursor">The lane's controller state at the start of the step.</param>
    /// <param name="taken">The step attempted (the proposal, or shorter to land on a save time).</param>
    /// <param name="clipped">Whether the step lands on save time <see cref="LaneCursor.NextSave"/>.</param>
    /// <param name="accepted">Whether the step was accepted.</param>
    void Stepped(ReadOnlySpan<T> y, ReadOnlySpan<T> stages, in LaneCursor cursor, double taken, bool clipped, bool accepted);
}

/// <summary>Records nothing: the plain solve (the integrator skips building the call's arguments).</summary>
internal struct NoLaneRecorder<T> : ILaneRecorder<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public readonly void Stepped(ReadOnlySpan<T> y, ReadOnlySpan<T> stages, in LaneCursor cursor, double taken, bool clipped, bool accepted)
    {
    }
}
