using System;
using System.Runtime.CompilerServices;
using OdeKernels.Solving;

namespace OdeKernels.Benchmarks.Baselines;

/// <summary>
/// One Lotka–Volterra trajectory (x′ = 1.5x − xy, y′ = −3y + xy, as <see cref="Workloads.LotkaVolterraSystem"/>)
/// solved by hand in C#, to show where the single-lane path's time goes: the generated Rk4 and Dopri5 steps'
/// arithmetic written out operation for operation (the same products and sums in the same order, the same landing
/// on the end time, Dopri5 with the integrator's own starting step and <see cref="StepController"/>), so each gives
/// the single-lane path's bits, with the state either in locals (registers) or, as
/// <see cref="IOdeSystem{T}.Evaluate"/> requires, in memory passed as spans. The gap between the two is what the
/// span-based right-hand side costs; the fused variant (<see cref="Math.FusedMultiplyAdd"/>, as GCC contracts
/// Boost's arithmetic) is what relaxing the arithmetic order would add. Each returns the final state; the tests
/// check the bits against <see cref="Ode.SolveInto{TSystem, TTableau, T}(TSystem, TTableau, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, SolverOptions?)"/>.
/// </summary>
internal static class LotkaVolterraByHand
{
    // The generated steps' coefficients, as printed in the generated Rk4 and Dopri5 (round-trip literals).
    private const double R6 = 0.16666666666666666, R3 = 0.3333333333333333;
    private const double A30 = 0.075, A31 = 0.225;
    private const double A40 = 0.9777777777777777, A41 = -3.7333333333333334, A42 = 3.5555555555555554;
    private const double A50 = 2.9525986892242035, A51 = -11.595793324188385, A52 = 9.822892851699436, A53 = -0.2908093278463649;
    private const double A60 = 2.8462752525252526, A61 = -10.757575757575758, A62 = 8.906422717743473, A63 = 0.2784090909090909, A64 = -0.2735313036020583;
    private const double A70 = 0.09114583333333333, A72 = 0.44923629829290207, A73 = 0.6510416666666666, A74 = -0.322376179245283, A75 = 0.13095238095238096;
    private const double D0 = 0.0012326388888888873, D2 = -0.004252770290506136, D3 = 0.036979166666666674, D4 = -0.05086379716981132, D5 = 0.04190476190476192, D6 = -0.025;

    private static double Fx(double x, double y) => (1.5 * x) - (x * y);

    private static double Fy(double x, double y) => (-3.0 * y) + (x * y);

    /// <summary>Rk4 with fixed steps of <paramref name="dt"/> from (x, y) at t = 0 to <paramref name="end"/>, the state in locals.</summary>
    public static (double X, double Y) Rk4Locals(double x, double y, double end, double dt) => FixedSteps<InLocals>(x, y, end, dt);

    /// <summary>
    /// <see cref="Rk4Locals"/> with each stage's y + h·Σ aⱼkⱼ and the right-hand side's products fused into
    /// multiply-adds, as GCC's default contraction compiles Boost.Odeint's steps (other bits; only for the comparison).
    /// </summary>
    public static (double X, double Y) Rk4LocalsFused(double x, double y, double end, double dt) => FixedSteps<Fused>(x, y, end, dt);

    /// <summary>
    /// <see cref="Rk4Locals"/> with the state, the stage state and the stage derivatives of each step in a buffer on
    /// the stack and the right-hand side called through spans (<see cref="Workloads.LotkaVolterraSystem"/>, inlined):
    /// the memory traffic that <see cref="IOdeSystem{T}.Evaluate"/> imposes and the generated single-lane step has.
    /// </summary>
    public static (double X, double Y) Rk4Spans(double x, double y, double end, double dt) => FixedSteps<BehindSpans>(x, y, end, dt);

    /// <summary>The single-lane loop's fixed steps: t = k·dt, the last step shortened to land on <paramref name="end"/>.</summary>
    private static (double X, double Y) FixedSteps<TStep>(double x, double y, double end, double dt)
        where TStep : IRk4Step
    {
        double time = 0;
        int steps = 0;
        while (true)
        {
            double remaining = end - time;
            bool clipped = dt >= remaining * (1 - BatchIntegrator.LandingSlack);
            (x, y) = TStep.Step(x, y, clipped ? remaining : dt);
            if (clipped)
            {
                return (x, y);
            }

            steps++;
            time = steps * dt;
        }
    }

    /// <summary>One Rk4 step of Lotka–Volterra.</summary>
    private interface IRk4Step
    {
        static abstract (double X, double Y) Step(double x, double y, double h);
    }

    private readonly struct InLocals : IRk4Step
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static (double X, double Y) Step(double x, double y, double h)
        {
            double k0x = Fx(x, y), k0y = Fy(x, y);
            double zx = x + (h * (0.5 * k0x)), zy = y + (h * (0.5 * k0y));
            double k1x = Fx(zx, zy), k1y = Fy(zx, zy);
            zx = x + (h * (0.5 * k1x));
            zy = y + (h * (0.5 * k1y));
            double k2x = Fx(zx, zy), k2y = Fy(zx, zy);
            zx = x + (h * k2x);
            zy = y + (h * k2y);
            double k3x = Fx(zx, zy), k3y = Fy(zx, zy);
            return (x + (h * ((R6 * k0x) + (R3 * k1x) + (R3 * k2x) + (R6 * k3x))), y + (h * ((R6 * k0y) + (R3 * k1y) + (R3 * k2y) + (R6 * k3y))));
        }
    }

    private readonly struct Fused : IRk4Step
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static (double X, double Y) Step(double x, double y, double h)
        {
            double h2 = 0.5 * h, h6 = R6 * h, h3 = R3 * h;
            double k0x = FusedFx(x, y), k0y = FusedFy(x, y);
            double zx = Math.FusedMultiplyAdd(h2, k0x, x), zy = Math.FusedMultiplyAdd(h2, k0y, y);
            double k1x = FusedFx(zx, zy), k1y = FusedFy(zx, zy);
            zx = Math.FusedMultiplyAdd(h2, k1x, x);
            zy = Math.FusedMultiplyAdd(h2, k1y, y);
            double k2x = FusedFx(zx, zy), k2y = FusedFy(zx, zy);
            zx = Math.FusedMultiplyAdd(h, k2x, x);
            zy = Math.FusedMultiplyAdd(h, k2y, y);
            double k3x = FusedFx(zx, zy), k3y = FusedFy(zx, zy);
            return (
                Math.FusedMultiplyAdd(h6, k3x, Math.FusedMultiplyAdd(h3, k2x, Math.FusedMultiplyAdd(h3, k1x, Math.FusedMultiplyAdd(h6, k0x, x)))),
                Math.FusedMultiplyAdd(h6, k3y, Math.FusedMultiplyAdd(h3, k2y, Math.FusedMultiplyAdd(h3, k1y, Math.FusedMultiplyAdd(h6, k0y, y)))));
        }
    }

    /// <summary>A call per step with its buffer on the stack, as the single-lane loop calls the generated step.</summary>
    private readonly struct BehindSpans : IRk4Step
    {
        public static (double X, double Y) Step(double x, double y, double h)
        {
            var system = default(Workloads.LotkaVolterraSystem);
            Span<double> buffer = stackalloc double[12];
            Span<double> s = buffer[..2], z = buffer.Slice(2, 2), k0 = buffer.Slice(4, 2), k1 = buffer.Slice(6, 2), k2 = buffer.Slice(8, 2), k3 = buffer.Slice(10, 2);
            s[0] = x;
            s[1] = y;
            system.Evaluate(0, s, k0);
            for (int c = 0; c < 2; c++)
            {
                z[c] = s[c] + (h * (0.5 * k0[c]));
            }

            system.Evaluate(0, z, k1);
            for (int c = 0; c < 2; c++)
            {
                z[c] = s[c] + (h * (0.5 * k1[c]));
            }

            system.Evaluate(0, z, k2);
            for (int c = 0; c < 2; c++)
            {
                z[c] = s[c] + (h * k2[c]);
            }

            system.Evaluate(0, z, k3);
            for (int c = 0; c < 2; c++)
            {
                s[c] += h * ((R6 * k0[c]) + (R3 * k1[c]) + (R3 * k2[c]) + (R6 * k3[c]));
            }

            return (s[0], s[1]);
        }
    }

    /// <summary>
    /// Dopri5 from (x, y) at t = 0 to <paramref name="end"/> with the state in locals: the integrator's starting step
    /// (Hairer's, <see cref="InitialStep"/>), the generated step's arithmetic and error norm, and its controller
    /// (<see cref="StepController"/>) in the single-lane loop's order; returns the final state and the work.
    /// </summary>
    public static (double X, double Y, SolverStats Stats) Dopri5Locals(double x, double y, double end, SolverOptions options)
    {
        double step = StartingStep(x, y, end, options);
        var controller = StepController.For(Dopri5.Info, options);
        double atol = options.AbsoluteTolerance, rtol = options.RelativeTolerance, errorMemory = 1.0, time = 0;
        double k0x = Fx(x, y), k0y = Fy(x, y);
        long evaluations = options.InitialStep is null ? 2 : 1, accepted = 0, rejected = 0;
        while (true)
        {
            double remaining = end - time;
            bool clipped = step >= remaining * (1 - BatchIntegrator.LandingSlack);
            double h = clipped ? remaining : step;
            double zx = x + (h * (0.2 * k0x)), zy = y + (h * (0.2 * k0y));
            double k1x = Fx(zx, zy), k1y = Fy(zx, zy);
            zx = x + (h * ((A30 * k0x) + (A31 * k1x)));
            zy = y + (h * ((A30 * k0y) + (A31 * k1y)));
            double k2x = Fx(zx, zy), k2y = Fy(zx, zy);
            zx = x + (h * ((A40 * k0x) + (A41 * k1x) + (A42 * k2x)));
            zy = y + (h * ((A40 * k0y) + (A41 * k1y) + (A42 * k2y)));
            double k3x = Fx(zx, zy), k3y = Fy(zx, zy);
            zx = x + (h * ((A50 * k0x) + (A51 * k1x) + (A52 * k2x) + (A53 * k3x)));
            zy = y + (h * ((A50 * k0y) + (A51 * k1y) + (A52 * k2y) + (A53 * k3y)));
            double k4x = Fx(zx, zy), k4y = Fy(zx, zy);
            zx = x + (h * ((A60 * k0x) + (A61 * k1x) + (A62 * k2x) + (A63 * k3x) + (A64 * k4x)));
            zy = y + (h * ((A60 * k0y) + (A61 * k1y) + (A62 * k2y) + (A63 * k3y) + (A64 * k4y)));
            double k5x = Fx(zx, zy), k5y = Fy(zx, zy);
            double ox = x + (h * ((A70 * k0x) + (A72 * k2x) + (A73 * k3x) + (A74 * k4x) + (A75 * k5x)));
            double oy = y + (h * ((A70 * k0y) + (A72 * k2y) + (A73 * k3y) + (A74 * k4y) + (A75 * k5y)));
            double k6x = Fx(ox, oy), k6y = Fy(ox, oy);
            evaluations += 6;
            double rx = (h * ((D0 * k0x) + (D2 * k2x) + (D3 * k3x) + (D4 * k4x) + (D5 * k5x) + (D6 * k6x))) / (atol + (rtol * Math.Max(Math.Abs(x), Math.Abs(ox))));
            double ry = (h * ((D0 * k0y) + (D2 * k2y) + (D3 * k3y) + (D4 * k4y) + (D5 * k5y) + (D6 * k6y))) / (atol + (rtol * Math.Max(Math.Abs(y), Math.Abs(oy))));
            double err = Math.Sqrt(((0.0 + (rx * rx)) + (ry * ry)) / 2);
            bool finite = double.IsFinite(ox) && double.IsFinite(oy);
            err = finite ? err : double.NaN;
            if (err <= 1.0)
            {
                accepted++;
                (x, y, k0x, k0y) = (ox, oy, k6x, k6y);
                time = clipped ? end : time + h;
                step = controller.AfterAccept(h, step, clipped, err, ref errorMemory);
                if (clipped)
                {
                    return (x, y, new SolverStats(evaluations, accepted, rejected));
                }
            }
            else
            {
                rejected++;
                step = h * controller.RejectFactor(finite ? err : double.PositiveInfinity);
            }

            step = controller.Limit(step);
            LaneFailures.CheckStep<double>(0, time, step, options, finite);
            if (accepted + rejected >= options.MaxSteps)
            {
                LaneFailures.MaxSteps(0, time, options.MaxSteps, end);
            }
        }
    }

    /// <summary>
    /// Dopri5 as Boost.Odeint's <c>integrate_times(make_controlled(atol, rtol, runge_kutta_dopri5), …)</c> steps it,
    /// ported by hand to show what the controller costs: the stages in locals as chained fused multiply-adds (the
    /// state path's <see cref="SolverOptions.FusedMultiplyAdd"/> arithmetic, which is also GCC's contraction of Boost's
    /// <c>scale_sum</c>), the right-hand side fused as GCC compiles it, and Boost 1.74's controller instead of
    /// Hairer's: the max norm of |err| / (atol + rtol·(|y| + h·|f(y)|)); on rejection h·max(0.9·err^(−1/3), 0.2); on
    /// acceptance, only below err = 0.5, h·0.9·max(err, 5⁻⁵)^(−1/5) (one <c>pow</c> at most per step, none from 0.5
    /// to 1); a first trial step <paramref name="dt0"/>, the last step cut to land on <paramref name="end"/>. Its steps
    /// and evaluations match Boost's (the report prints them).
    /// </summary>
    public static (double X, double Y, SolverStats Stats) Dopri5BoostControllerFused(double x, double y, double end, double dt0, double atol, double rtol)
    {
        double time = 0, dt = dt0;
        double k0x = FusedFx(x, y), k0y = FusedFy(x, y);
        long evaluations = 1, accepted = 0, rejected = 0;
        // Boost's less_with_sign: go on while more than numeric_limits<double>::epsilon() is left (C#'s double.Epsilon
        // is the smallest subnormal, not that).
        const double machineEpsilon = 2.220446049250313e-16;
        while (end - time > machineEpsilon)
        {
            double h = Math.Min(dt, end - time);
            double zx = Math.FusedMultiplyAdd(h * 0.2, k0x, x), zy = Math.FusedMultiplyAdd(h * 0.2, k0y, y);
            double k1x = FusedFx(zx, zy), k1y = FusedFy(zx, zy);
            zx = Math.FusedMultiplyAdd(h * A31, k1x, Math.FusedMultiplyAdd(h * A30, k0x, x));
            zy = Math.FusedMultiplyAdd(h * A31, k1y, Math.FusedMultiplyAdd(h * A30, k0y, y));
            double k2x = FusedFx(zx, zy), k2y = FusedFy(zx, zy);
            zx = Math.FusedMultiplyAdd(h * A42, k2x, Math.FusedMultiplyAdd(h * A41, k1x, Math.FusedMultiplyAdd(h * A40, k0x, x)));
            zy = Math.FusedMultiplyAdd(h * A42, k2y, Math.FusedMultiplyAdd(h * A41, k1y, Math.FusedMultiplyAdd(h * A40, k0y, y)));
            double k3x = FusedFx(zx, zy), k3y = FusedFy(zx, zy);
            zx = Math.FusedMultiplyAdd(h * A53, k3x, Math.FusedMultiplyAdd(h * A52, k2x, Math.FusedMultiplyAdd(h * A51, k1x, Math.FusedMultiplyAdd(h * A50, k0x, x))));
            zy = Math.FusedMultiplyAdd(h * A53, k3y, Math.FusedMultiplyAdd(h * A52, k2y, Math.FusedMultiplyAdd(h * A51, k1y, Math.FusedMultiplyAdd(h * A50, k0y, y))));
            double k4x = FusedFx(zx, zy), k4y = FusedFy(zx, zy);
            zx = Math.FusedMultiplyAdd(h * A64, k4x, Math.FusedMultiplyAdd(h * A63, k3x, Math.FusedMultiplyAdd(h * A62, k2x, Math.FusedMultiplyAdd(h * A61, k1x, Math.FusedMultiplyAdd(h * A60, k0x, x)))));
            zy = Math.FusedMultiplyAdd(h * A64, k4y, Math.FusedMultiplyAdd(h * A63, k3y, Math.FusedMultiplyAdd(h * A62, k2y, Math.FusedMultiplyAdd(h * A61, k1y, Math.FusedMultiplyAdd(h * A60, k0y, y)))));
            double k5x = FusedFx(zx, zy), k5y = FusedFy(zx, zy);
            double ox = Math.FusedMultiplyAdd(h * A75, k5x, Math.FusedMultiplyAdd(h * A74, k4x, Math.FusedMultiplyAdd(h * A73, k3x, Math.FusedMultiplyAdd(h * A72, k2x, Math.FusedMultiplyAdd(h * A70, k0x, x)))));
            double oy = Math.FusedMultiplyAdd(h * A75, k5y, Math.FusedMultiplyAdd(h * A74, k4y, Math.FusedMultiplyAdd(h * A73, k3y, Math.FusedMultiplyAdd(h * A72, k2y, Math.FusedMultiplyAdd(h * A70, k0y, y)))));
            double k6x = FusedFx(ox, oy), k6y = FusedFy(ox, oy);
            evaluations += 6;
            double ex = Math.FusedMultiplyAdd(h * D6, k6x, Math.FusedMultiplyAdd(h * D5, k5x, Math.FusedMultiplyAdd(h * D4, k4x, Math.FusedMultiplyAdd(h * D3, k3x, Math.FusedMultiplyAdd(h * D2, k2x, h * D0 * k0x)))));
            double ey = Math.FusedMultiplyAdd(h * D6, k6y, Math.FusedMultiplyAdd(h * D5, k5y, Math.FusedMultiplyAdd(h * D4, k4y, Math.FusedMultiplyAdd(h * D3, k3y, Math.FusedMultiplyAdd(h * D2, k2y, h * D0 * k0y)))));
            double err = Math.Max(
                Math.Abs(ex) / (atol + (rtol * (Math.Abs(x) + (h * Math.Abs(k0x))))),
                Math.Abs(ey) / (atol + (rtol * (Math.Abs(y) + (h * Math.Abs(k0y))))));
            if (err > 1.0)
            {
                rejected++;
                dt = h * Math.Max(0.9 * Math.Pow(err, -1.0 / 3.0), 0.2);
                continue;
            }

            accepted++;
            (x, y, k0x, k0y) = (ox, oy, k6x, k6y);
            time += h;
            double next = h;
            if (err < 0.5)
            {
                next *= 0.9 * Math.Pow(Math.Max(err, 3.2e-4), -0.2);
            }

            dt = Math.Max(dt, next);
        }

        return (x, y, new SolverStats(evaluations, accepted, rejected));
    }

    private static double FusedFx(double x, double y) => Math.FusedMultiplyAdd(1.5, x, -(x * y));

    private static double FusedFy(double x, double y) => Math.FusedMultiplyAdd(x, y, -3.0 * y);

    /// <summary>The integrator's own starting step (Hairer's algorithm), or the options' initial step.</summary>
    private static double StartingStep(double x, double y, double end, SolverOptions options)
    {
        if (options.InitialStep is { } h0)
        {
            return Math.Min(h0, end);
        }

        var system = default(Workloads.LotkaVolterraSystem);
        Span<double> state = [x, y], f0 = stackalloc double[2], probe = stackalloc double[2], f1 = stackalloc double[2];
        system.Evaluate(0, state, f0);
        double guess = InitialStep.FirstGuess<double>(state, f0, 0, 1, 2, options, end);
        InitialStep.Probe<double>(state, f0, probe, 0, 1, 2, guess);
        system.Evaluate(guess, probe, f1);
        return InitialStep.Finish<double>(state, f0, f1, 0, 1, 2, guess, Dopri5.Info.Order, options, end);
    }
}
