using System;
using System.Numerics;

namespace OdeKernels.Tests.SingleLane;

/// <summary>
/// Small systems written twice with the same arithmetic in the same order: by value for the state path
/// (<see cref="ISmallOdeSystem{T, TState}"/>) and over spans for the span path (<see cref="IOdeSystem{T}"/>).
/// </summary>
public readonly struct LotkaVolterra<T> : ISmallOdeSystem<T, State2<T>>, IOdeSystem<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly T A = T.CreateTruncating(1.5), C = T.CreateTruncating(3.0);

    public int StateSize => 2;

    public State2<T> Evaluate(T t, State2<T> y) => new((A * y.X) - (y.X * y.Y), (y.X * y.Y) - (C * y.Y));

    public void Evaluate(T t, ReadOnlySpan<T> y, Span<T> dydt)
    {
        dydt[0] = (A * y[0]) - (y[0] * y[1]);
        dydt[1] = (y[0] * y[1]) - (C * y[1]);
    }
}

/// <summary>Van der Pol, μ = 1: x′ = y, y′ = μ(1 − x²)y − x.</summary>
public readonly struct VanDerPol<T> : ISmallOdeSystem<T, State2<T>>, IOdeSystem<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public int StateSize => 2;

    public State2<T> Evaluate(T t, State2<T> y) => new(y.Y, ((T.One - (y.X * y.X)) * y.Y) - y.X);

    public void Evaluate(T t, ReadOnlySpan<T> y, Span<T> dydt)
    {
        dydt[0] = y[1];
        dydt[1] = ((T.One - (y[0] * y[0])) * y[1]) - y[0];
    }
}

/// <summary>Lorenz, σ = 10, ρ = 28, β = 8/3.</summary>
public readonly struct Lorenz<T> : ISmallOdeSystem<T, State3<T>>, IOdeSystem<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly T Sigma = T.CreateTruncating(10.0), Rho = T.CreateTruncating(28.0), Beta = T.CreateTruncating(8.0 / 3.0);

    public int StateSize => 3;

    public State3<T> Evaluate(T t, State3<T> y) => new(Sigma * (y.Y - y.X), (y.X * (Rho - y.Z)) - y.Y, (y.X * y.Y) - (Beta * y.Z));

    public void Evaluate(T t, ReadOnlySpan<T> y, Span<T> dydt)
    {
        dydt[0] = Sigma * (y[1] - y[0]);
        dydt[1] = (y[0] * (Rho - y[2])) - y[1];
        dydt[2] = (y[0] * y[1]) - (Beta * y[2]);
    }
}

/// <summary>A driven ring of four (non-autonomous, so stage times matter): y_c′ = y_{c+1} − y_{c−1} − y_c³/4 + sin(t)/10.</summary>
public readonly struct DrivenRing4<T> : ISmallOdeSystem<T, State4<T>>, IOdeSystem<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public int StateSize => 4;

    public State4<T> Evaluate(T t, State4<T> y)
    {
        T q = T.CreateTruncating(0.25), d = T.CreateTruncating(0.1) * T.Sin(t);
        return new(
            y.Y - y.W - (q * y.X * y.X * y.X) + d,
            y.Z - y.X - (q * y.Y * y.Y * y.Y) + d,
            y.W - y.Y - (q * y.Z * y.Z * y.Z) + d,
            y.X - y.Z - (q * y.W * y.W * y.W) + d);
    }

    public void Evaluate(T t, ReadOnlySpan<T> y, Span<T> dydt)
    {
        T q = T.CreateTruncating(0.25), d = T.CreateTruncating(0.1) * T.Sin(t);
        for (int c = 0; c < 4; c++)
        {
            T left = y[(c + 3) % 4], right = y[(c + 1) % 4], v = y[c];
            dydt[c] = right - left - (q * v * v * v) + d;
        }
    }
}

/// <summary>
/// A user's own state type that implements only the required members, so the interface's default fused
/// multiply-add, error norm and finiteness check run.
/// </summary>
public readonly struct Oscillator : IStateVector<Oscillator, double>
{
    public Oscillator(double position, double velocity)
    {
        Position = position;
        Velocity = velocity;
    }

    public double Position { get; }

    public double Velocity { get; }

    public static int Size => 2;

    public static Oscillator operator +(Oscillator left, Oscillator right) => new(left.Position + right.Position, left.Velocity + right.Velocity);

    public static Oscillator operator *(double scale, Oscillator state) => new(scale * state.Position, scale * state.Velocity);

    public static Oscillator Load(ReadOnlySpan<double> values) => new(values[0], values[1]);

    public void CopyTo(Span<double> destination)
    {
        destination[0] = Position;
        destination[1] = Velocity;
    }
}

/// <summary>The harmonic oscillator x″ = −x (exact solution cos t, −sin t from (1, 0)) on the user's state type and on spans.</summary>
public readonly struct Harmonic : ISmallOdeSystem<double, Oscillator>, IOdeSystem<double>
{
    public int StateSize => 2;

    public Oscillator Evaluate(double t, Oscillator y) => new(y.Velocity, -y.Position);

    public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt)
    {
        dydt[0] = y[1];
        dydt[1] = -y[0];
    }
}
