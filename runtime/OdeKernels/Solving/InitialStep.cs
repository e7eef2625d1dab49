using System;
using System.Numerics;

namespace OdeKernels.Solving;

/// <summary>
/// Hairer's starting-step algorithm (Hairer, Nørsett and Wanner, Solving ODEs I, §II.4, "Starting Step Size"),
/// per lane but evaluated for the whole batch at once: h₀ from the ratio of ‖y₀‖ to ‖f₀‖, one explicit Euler probe to
/// estimate the second derivative, and h = min(100 h₀, (0.01 / max(‖f₀‖, ‖f′‖))^(1/(p+1))). Costs one evaluation.
/// The per-lane arithmetic (<see cref="FirstGuess"/>, <see cref="Probe"/>, <see cref="Finish"/>) is shared with the
/// single-lane integrator, so a lane gets the same starting step on either path.
/// </summary>
internal static class InitialStep
{
    /// <summary>Chooses the first step of the first <paramref name="lanes"/> slots, each within its own span (<paramref name="save"/>: the schedule's times).</summary>
    public static void Choose<T, TSystem>(ref TSystem system, SolveWorkspace<T> ws, int lanes, int order, SolverOptions options, double[] save)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSystem : struct, IBatchedOdeSystem<T>
    {
        int n = ws.StateSize, stride = ws.Capacity;
        T[] y = ws.Y, f0 = ws.Stages, probe = ws.StageState, f1 = ws.YNew;
        for (int i = 0; i < lanes; i++)
        {
            double h0 = FirstGuess<T>(y, f0, i, stride, n, options, BatchIntegrator.Span(ws, save, i));
            ws.Step[i] = h0;
            ws.StageTimeT[i] = T.CreateTruncating(ws.Time[i] + h0);
            Probe<T>(y, f0, probe, i, stride, n, h0);
        }

        system.EvaluateBatch(ws.StageTimeT, probe, f1, lanes, stride);
        for (int i = 0; i < lanes; i++)
        {
            ws.Step[i] = Finish<T>(y, f0, f1, i, stride, n, ws.Step[i], order, options, BatchIntegrator.Span(ws, save, i));
        }
    }

    /// <summary>h₀ = 0.01 ‖y₀‖ / ‖f₀‖ (1e-6 when either norm is tiny), at most the span; component c at <c>at + c · stride</c>.</summary>
    public static double FirstGuess<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> f0, int at, int stride, int n, SolverOptions options, double span)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double atol = options.AbsoluteTolerance, rtol = options.RelativeTolerance;
        double d0 = 0, d1 = 0;
        for (int c = 0; c < n; c++)
        {
            double yc = double.CreateTruncating(y[(c * stride) + at]);
            double scale = atol + (rtol * Math.Abs(yc));
            double fc = double.CreateTruncating(f0[(c * stride) + at]);
            d0 += (yc / scale) * (yc / scale);
            d1 += (fc / scale) * (fc / scale);
        }

        d0 = Math.Sqrt(d0 / n);
        d1 = Math.Sqrt(d1 / n);
        double h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1;
        return Math.Min(h0, span);
    }

    /// <summary>The explicit Euler probe y₀ + h₀ f₀ (in double, rounded to T), in the layout of <paramref name="y"/>.</summary>
    public static void Probe<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> f0, Span<T> probe, int at, int stride, int n, double h0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int c = 0; c < n; c++)
        {
            int k = (c * stride) + at;
            probe[k] = T.CreateTruncating(double.CreateTruncating(y[k]) + (h0 * double.CreateTruncating(f0[k])));
        }
    }

    /// <summary>The starting step from f₀ and f at the probe (<paramref name="f1"/>), limited by MaxStep and the span.</summary>
    public static double Finish<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> f0, ReadOnlySpan<T> f1, int at, int stride, int n, double h0, int order, SolverOptions options, double span)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double atol = options.AbsoluteTolerance, rtol = options.RelativeTolerance;
        double d1 = 0, d2 = 0;
        for (int c = 0; c < n; c++)
        {
            int k = (c * stride) + at;
            double scale = atol + (rtol * Math.Abs(double.CreateTruncating(y[k])));
            double fc = double.CreateTruncating(f0[k]);
            double df = double.CreateTruncating(f1[k]) - fc;
            d1 += (fc / scale) * (fc / scale);
            d2 += (df / scale) * (df / scale);
        }

        d1 = Math.Sqrt(d1 / n);
        d2 = Math.Sqrt(d2 / n) / h0;
        double dmax = Math.Max(d1, d2);
        double h1 = dmax <= 1e-15 ? Math.Max(1e-6, h0 * 1e-3) : Math.Pow(0.01 / dmax, 1.0 / (order + 1));
        double h = Math.Min(100 * h0, h1);
        if (options.MaxStep is { } maxStep)
        {
            h = Math.Min(h, maxStep);
        }

        return double.IsFinite(h) && h > 0 ? Math.Min(h, span) : Math.Min(1e-6, span);
    }
}
