using System;

namespace OdeKernels.Distributed.TestApp;

/// <summary>A small network in double, for the bitwise comparisons.</summary>
[Dynamics(StateSize = 2, Precision = typeof(double))]
[Dense(8, Activation.Tanh)]
[Dense(2)]
public partial class ShardNet64
{
}

/// <summary>The same network in float, for the comparisons to the stated bound.</summary>
[Dynamics(StateSize = 2)]
[Dense(8, Activation.Tanh)]
[Dense(2)]
public partial class ShardNet
{
}

/// <summary>dy/dt = θ y², which blows up at t = 1/(θ y₀): a lane started high fails, the others do not.</summary>
public sealed class BlowUp : IDifferentiableSystem<double>
{
    private readonly double[] _theta = [1.0];

    public int StateSize => 1;

    public int ParameterCount => 1;

    public Span<double> Parameters => _theta;

    public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt) => dydt[0] = _theta[0] * y[0] * y[0];

    /// <summary>When set, the backward pass throws at a state above this (a failure after the forward solve and the loss).</summary>
    public double FailBackwardAbove { get; init; } = double.PositiveInfinity;

    public void Vjp(double t, ReadOnlySpan<double> y, ReadOnlySpan<double> a, Span<double> dy, Span<double> dtheta)
    {
        if (y[0] > FailBackwardAbove)
        {
            throw new InvalidOperationException($"backward pass refused the state {y[0]:R} at t = {t:R}");
        }

        dy[0] = a[0] * 2 * _theta[0] * y[0];
        dtheta[0] = a[0] * y[0] * y[0];
    }
}

/// <summary>
/// An image-sized model by parameter count (64 → 512 → 256 → 64, 181,056 float parameters), for the cost model's
/// measurements (docs/distributed.md): the field of a neural ODE on a 64-dimensional latent of an image.
/// </summary>
[Dynamics(StateSize = 64)]
[Dense(512, Activation.Tanh)]
[Dense(256, Activation.Tanh)]
[Dense(64)]
public partial class ImageSized
{
}

/// <summary>The Lotka–Volterra example's model shape (2 → 32 → 32 → 2, 1,218 parameters), for the cost model.</summary>
[Dynamics(StateSize = 2)]
[Dense(32, Activation.Tanh)]
[Dense(32, Activation.Tanh)]
[Dense(2)]
public partial class LotkaVolterraShaped
{
}
