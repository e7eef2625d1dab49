using System;
using System.Numerics;

namespace OdeKernels.Solving;

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
    /// <param name="inside">How many save times from <see cref="LaneCursor.NextSave"/> on lie strictly inside the step (dense output).</param>
    /// <param name="lands">Whether the step ends on the save time after those inside it.</param>
    /// <param name="accepted">Whether the step was accepted.</param>
    void Stepped(ReadOnlySpan<T> y, ReadOnlySpan<T> stages, in LaneCursor cursor, double taken, int inside, bool lands, bool accepted);
}

/// <summary>Records nothing: the plain solve (the integrator skips building the call's arguments).</summary>
internal struct NoLaneRecorder<T> : ILaneRecorder<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public readonly void Stepped(ReadOnlySpan<T> y, ReadOnlySpan<T> stages, in LaneCursor cursor, double taken, int inside, bool lands, bool accepted)
    {
    }
}
