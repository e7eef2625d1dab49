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

/// <summary>
/// <see cref="MarkedLotkaVolterra"/>'s right-hand side contracted by hand, as GCC contracts it and as the generated
/// <c>EvaluateContracted</c> must: (α·x) − xy → fma(α, x, −xy), (−δ·y) + xy → fma(−δ, y, xy).
/// </summary>
public readonly struct ContractedLotkaVolterra : ISmallOdeSystem<double, State2<double>>
{
    private readonly double _alpha, _delta;

    public ContractedLotkaVolterra(double alpha, double delta) => (_alpha, _delta) = (alpha, delta);

    public State2<double> Evaluate(double t, State2<double> y)
    {
        double xy = y.X * y.Y;
        return new State2<double>(Math.FusedMultiplyAdd(_alpha, y.X, -xy), Math.FusedMultiplyAdd(-_delta, y.Y, xy));
    }
}

/// <summary><see cref="MarkedLotkaVolterra"/>'s right-hand side as written, by value (not marked, so never contracted).</summary>
public readonly struct ByValueLotkaVolterra : ISmallOdeSystem<double, State2<double>>
{
    private readonly double _alpha, _delta;

    public ByValueLotkaVolterra(double alpha, double delta) => (_alpha, _delta) = (alpha, delta);

    public State2<double> Evaluate(double t, State2<double> y)
    {
        double xy = y.X * y.Y;
        return new State2<double>((_alpha * y.X) - xy, (-_delta * y.Y) + xy);
    }
}

/// <summary>
/// A right-hand side whose operands have side effects (each records its number), marked: the contracted form must
/// call them in the order the source wrote them, C#'s left-to-right order, although fma(a, b, c) takes c last.
/// </summary>
[SmallOdeSystem]
public partial struct MarkedCallOrder : IOdeSystem<double>
{
    [ThreadStatic]
    private static System.Collections.Generic.List<int>? s_calls;

    /// <summary>The operands called on this thread, in order.</summary>
    public static System.Collections.Generic.List<int> Calls => s_calls ??= new();

    public readonly int StateSize => 2;

    public readonly void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt)
    {
        dydt[0] = Call(1, y[0]) + (Call(2, y[1]) * Call(3, t));
        dydt[1] = Call(4, y[1]) - (Call(5, y[0]) * Call(6, 3.0));
        dydt[1] -= Call(7, 0.7) * Call(8, y[1]);
    }

    private static double Call(int id, double value)
    {
        Calls.Add(id);
        return value;
    }
}

/// <summary>
/// A damped oscillator x″ + 2ζωx′ + ω²x = 0, marked, whose right-hand side the contracted form fuses
/// (−ω²·x − 2ζω·v → one multiply-add): the convergence test's system, with its exact solution.
/// </summary>
[SmallOdeSystem]
public readonly partial struct MarkedDampedOscillator : IOdeSystem<double>
{
    private readonly double _omega, _zeta;

    public MarkedDampedOscillator(double omega, double zeta) => (_omega, _zeta) = (omega, zeta);

    public int StateSize => 2;

    public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt)
    {
        dydt[0] = y[1];
        dydt[1] = (-(_omega * _omega) * y[0]) - (2 * _zeta * _omega * y[1]);
    }

    /// <summary>The exact state at <paramref name="t"/> from x = 1, v = 0 (underdamped, ζ &lt; 1).</summary>
    public (double X, double V) Exact(double t)
    {
        double a = _zeta * _omega, b = _omega * Math.Sqrt(1 - (_zeta * _zeta)), decay = Math.Exp(-a * t);
        return (decay * (Math.Cos(b * t) + (a / b * Math.Sin(b * t))), -decay * _omega * _omega / b * Math.Sin(b * t));
    }
}
