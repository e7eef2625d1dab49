using System;
using System.Numerics;

namespace OdeKernels.Solving;

/// <summary>Observes the accepted steps of a batch solve (the discrete adjoints replay them backwards).</summary>
internal interface IStepRecorder<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// Lane <paramref name="lane"/> accepted a step of size <paramref name="h"/> from <paramref name="t"/>, starting
    /// from the state at <c>y[c * stride + slot]</c>; <paramref name="landsOnSave"/> is the save index it lands on, or −1.
    /// </summary>
    void Accepted(int lane, double t, double h, int landsOnSave, ReadOnlySpan<T> y, int slot, int stride);
}

/// <summary>Records nothing: the plain solve.</summary>
internal struct NoRecorder<T> : IStepRecorder<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public readonly void Accepted(int lane, double t, double h, int landsOnSave, ReadOnlySpan<T> y, int slot, int stride)
    {
    }
}
