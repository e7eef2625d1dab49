using System;

namespace OdeKernels.Benchmarks.Networks;

/// <summary>
/// The true dynamics of Chen et al.'s spiral, du/dt = (u³)ᵀA with A = [[−0.1, 2.0], [−2.0, −0.1]], which the spiral
/// fit learns from; its data are a solve from u₀ = [2, 0] saved at 1,000 times over [0, 25].
/// </summary>
internal readonly struct SpiralTruth : IOdeSystem<double>
{
    public int StateSize => 2;

    public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt)
    {
        double u1 = y[0] * y[0] * y[0], u2 = y[1] * y[1] * y[1];
        dydt[0] = (-0.1 * u1) + (-2.0 * u2);
        dydt[1] = (2.0 * u1) + (-0.1 * u2);
    }
}
