using System;
using System.Numerics;

namespace OdeKernels.Tests.Solving;

/// <summary>y' = −y: the hand-written example.</summary>
public readonly struct Decay<T> : IOdeSystem<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public int StateSize => 1;

    public void Evaluate(T t, ReadOnlySpan<T> y, Span<T> dydt) => dydt[0] = -y[0];
}

/// <summary>
/// Two nonlinear equations with closed-form solutions, one autonomous and one not, so every elementary differential
/// (and the nodes c) enter the error: logistic u' = u(1 − u) and v' = −2 t v² (v = 1 / (1 + t²) from v(0) = 1).
/// </summary>
public readonly struct LogisticAndRational : IOdeSystem<double>
{
    public int StateSize => 2;

    public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt)
    {
        dydt[0] = y[0] * (1 - y[0]);
        dydt[1] = -2 * t * y[1] * y[1];
    }

    public static double Logistic(double u0, double t) => 1 / (1 + (((1 / u0) - 1) * Math.Exp(-t)));

    public static double Rational(double t) => 1 / (1 + (t * t));
}

/// <summary>
/// A rotation at a per-lane rate carried in the state: (x, y, ω)' = (−ω y, ω x, 0), exact solution rotation by ωt.
/// Lanes with different ω need very different step sizes.
/// </summary>
public readonly struct Rotation<T> : IOdeSystem<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public int StateSize => 3;

    public void Evaluate(T t, ReadOnlySpan<T> y, Span<T> dydt)
    {
        dydt[0] = -y[2] * y[1];
        dydt[1] = y[2] * y[0];
        dydt[2] = T.Zero;
    }
}

/// <summary>The same rotation as a batched class, to exercise the batched path.</summary>
public sealed class BatchedRotation : IBatchedOdeSystem<double>
{
    public int StateSize => 3;

    public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt) => new Rotation<double>().Evaluate(t, y, dydt);

    public void EvaluateBatch(ReadOnlySpan<double> t, ReadOnlySpan<double> y, Span<double> dydt, int count, int stride)
    {
        for (int i = 0; i < count; i++)
        {
            double x = y[i], v = y[stride + i], w = y[(2 * stride) + i];
            dydt[i] = -w * v;
            dydt[stride + i] = w * x;
            dydt[(2 * stride) + i] = 0;
        }
    }
}

/// <summary>y' = y², which blows up at t = 1 / y0.</summary>
public readonly struct BlowUp : IOdeSystem<double>
{
    public int StateSize => 1;

    public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt) => dydt[0] = y[0] * y[0];
}

/// <summary>Returns NaN once t passes <see cref="From"/>, to test non-finite detection.</summary>
public readonly struct NaNAfter(double from) : IOdeSystem<double>
{
    public double From => from;

    public int StateSize => 1;

    public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt) => dydt[0] = t > from ? double.NaN : 1.0;
}

/// <summary>
/// The Kepler problem q'' = −q/|q|³ (state q₁, q₂, p₁, p₂) on an orbit of eccentricity e started at perihelion:
/// its period is 2π, so the exact state after one period is the initial state. Nonlinear and undamped, so global
/// errors of every order show (unlike dissipative test problems, which hide high-order error terms).
/// </summary>
public readonly struct Kepler : IOdeSystem<double>
{
    public int StateSize => 4;

    public static double[] Perihelion(double e) => [1 - e, 0, 0, Math.Sqrt((1 + e) / (1 - e))];

    public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt)
    {
        double r2 = (y[0] * y[0]) + (y[1] * y[1]);
        double r3 = r2 * Math.Sqrt(r2);
        dydt[0] = y[2];
        dydt[1] = y[3];
        dydt[2] = -y[0] / r3;
        dydt[3] = -y[1] / r3;
    }
}
