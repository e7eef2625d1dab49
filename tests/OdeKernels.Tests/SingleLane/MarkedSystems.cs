using System;
using static System.Math;
using Pair = System.ValueTuple<double, double>;

namespace OdeKernels.Tests.SingleLane;

// Span systems as users write them, marked [SmallOdeSystem] so the generator writes their state forms, and the same
// systems unmarked (the span path), for SmallOdeSystemAttributeTests. The file's using directives (a static import,
// an alias) are what the generated code must repeat for the copied statements to compile.

/// <summary>Lotka–Volterra with its parameters in fields; marked.</summary>
[SmallOdeSystem]
public readonly partial struct MarkedLotkaVolterra : IOdeSystem<double>
{
    private readonly double _alpha, _delta;

    public MarkedLotkaVolterra(double alpha, double delta) => (_alpha, _delta) = (alpha, delta);

    public int StateSize => 2;

    public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt)
    {
        double xy = y[0] * y[1];
        dydt[0] = (_alpha * y[0]) - xy;
        dydt[1] = (-_delta * y[1]) + xy;
    }
}

/// <summary><see cref="MarkedLotkaVolterra"/> unmarked.</summary>
public readonly struct PlainLotkaVolterra : IOdeSystem<double>
{
    private readonly double _alpha, _delta;

    public PlainLotkaVolterra(double alpha, double delta) => (_alpha, _delta) = (alpha, delta);

    public int StateSize => 2;

    public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt)
    {
        double xy = y[0] * y[1];
        dydt[0] = (_alpha * y[0]) - xy;
        dydt[1] = (-_delta * y[1]) + xy;
    }
}

/// <summary>
/// A forced pendulum in float with three components (angle, velocity, phase) and everything the translation keeps:
/// a static import (<c>Sin</c>), an alias, a named constant index, a read of an assigned derivative, a compound
/// assignment, the time, and a getter with a block body.
/// </summary>
[SmallOdeSystem]
public partial struct MarkedPendulum : IOdeSystem<float>
{
    private const int Velocity = 1;

    public readonly int StateSize
    {
        get { return 3; }
    }

    public readonly void Evaluate(float t, ReadOnlySpan<float> y, Span<float> dydt)
    {
        Pair damping = (0.25, 0.0);
        dydt[0] = y[Velocity];
        dydt[1] = (float)(-Sin(y[0]) - (damping.Item1 * y[1]));
        dydt[1] += 0.5f * (float)Cos(y[2]);
        dydt[2] = 1.5f + (0 * t);
        dydt[0] = dydt[0] + (0 * dydt[2]);
    }
}

/// <summary><see cref="MarkedPendulum"/> unmarked.</summary>
public struct PlainPendulum : IOdeSystem<float>
{
    private const int Velocity = 1;

    public readonly int StateSize
    {
        get { return 3; }
    }

    public readonly void Evaluate(float t, ReadOnlySpan<float> y, Span<float> dydt)
    {
        Pair damping = (0.25, 0.0);
        dydt[0] = y[Velocity];
        dydt[1] = (float)(-Sin(y[0]) - (damping.Item1 * y[1]));
        dydt[1] += 0.5f * (float)Cos(y[2]);
        dydt[2] = 1.5f + (0 * t);
        dydt[0] = dydt[0] + (0 * dydt[2]);
    }
}

/// <summary>Two uncoupled oscillators (four components), a record struct implementing the interface explicitly; marked.</summary>
[SmallOdeSystem]
public partial record struct MarkedOscillators : IOdeSystem<double>
{
    int IOdeSystem<double>.StateSize => 4;

    void IOdeSystem<double>.Evaluate(double t, ReadOnlySpan<double> u, Span<double> du)
    {
        du[0] = u[1];
        du[1] = -u[0];
        du[2] = u[3];
        du[3] = -4 * u[2];
    }
}

/// <summary><see cref="MarkedOscillators"/> unmarked.</summary>
public record struct PlainOscillators : IOdeSystem<double>
{
    int IOdeSystem<double>.StateSize => 4;

    void IOdeSystem<double>.Evaluate(double t, ReadOnlySpan<double> u, Span<double> du)
    {
        du[0] = u[1];
        du[1] = -u[0];
        du[2] = u[3];
        du[3] = -4 * u[2];
    }
}
