using System;
using System.Collections.Generic;
using System.Numerics;
using OdeKernels.Benchmarks.Workloads;
using OdeKernels.Examples.Datasets;

namespace OdeKernels.Benchmarks.Report;

/// <summary>
/// Work against tolerance: evaluations and accepted/rejected steps of adaptive solves like those of the spiral fit,
/// on the true spiral (with the error against a tight reference) and on the spiral network.
/// </summary>
internal static class NfeSection
{
    private static readonly double[] Tolerances = [1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8];

    public static void Run(ReportContext ctx)
    {
        var md = ctx.Body;
        ctx.Heading("Evaluations against tolerance");
        md.Append("The spiral fit's data solve: the true spiral du/dt = (u³)ᵀA from u₀ = [2, 0] over [0, 25], float64, adaptive with ");
        md.Append("rtol = atol = tolerance, once saved at 1,000 times as the fit's data are (lanes step exactly onto every save time, so ");
        md.Append("that grid alone needs 999 steps and hides the controller at loose tolerances) and once saved at the end only. ");
        md.Append("The error is the largest deviation over the saves from Vern7 at rtol = atol = 1e-13.\n\n");
        ReportContext.Log("evaluations against tolerance");
        double[] y0 = [2.0, 0.0];
        double[] dense = SpiralWorkload.SaveTimes<double>(25.0, 1000);
        double[] endOnly = SpiralWorkload.SaveTimes<double>(25.0, 2);
        Solution<double> exactDense = Ode.Solve(new SpiralTruth(), new Vern7(), y0, dense, SpiralWorkload.Adaptive(1e-13, 1e-13));
        Solution<double> exactEnd = Ode.Solve(new SpiralTruth(), new Vern7(), y0, endOnly, SpiralWorkload.Adaptive(1e-13, 1e-13));
        var rows = new List<IReadOnlyList<string>>();
        foreach (double tol in Tolerances)
        {
            rows.Add(Truth<Bosh3>("Bosh3", tol, y0, dense, exactDense, endOnly, exactEnd));
            rows.Add(Truth<Tsit5>("Tsit5", tol, y0, dense, exactDense, endOnly, exactEnd));
            rows.Add(Truth<Dopri5>("Dopri5", tol, y0, dense, exactDense, endOnly, exactEnd));
            rows.Add(Truth<Vern7>("Vern7", tol, y0, dense, exactDense, endOnly, exactEnd));
        }

        Format.Table(md, ["tableau", "tolerance", "1,000 saves: evaluations", "accepted", "rejected", "max error", "end only: evaluations", "accepted", "rejected", "error"], rows);

        const int lanes = 64;
        md.Append(Format.Inv($"The spiral network (H = 50, the benchmark seed; float64 holds the float32 parameters), a batch of {lanes} lanes from the reference's initial states over [0, 10] with 11 saves, Tsit5, "));
        md.Append("rtol = atol = tolerance; per-lane means (every lane has its own step size). Float32 rows below its rounding (≈ 1e-7) are shown as measured ");
        md.Append("(a failed solve would be shown as a failure).\n\n");
        var networkRows = new List<IReadOnlyList<string>>();
        foreach (double tol in Tolerances)
        {
            networkRows.Add(Network("float64", SpiralWorkload.DoubleNetwork(), lanes, tol));
            networkRows.Add(Network("float32", SpiralWorkload.Network(50), lanes, tol));
        }

        Format.Table(md, ["precision", "tolerance", "evaluations / lane", "accepted / lane", "rejected / lane"], networkRows);
    }

    private static IReadOnlyList<string> Truth<TTableau>(string name, double tol, double[] y0, double[] dense, Solution<double> exactDense, double[] endOnly, Solution<double> exactEnd)
        where TTableau : struct, IRungeKuttaTableau
    {
        (SolverStats d, double de) = Solve<TTableau>(tol, y0, dense, exactDense);
        (SolverStats e, double ee) = Solve<TTableau>(tol, y0, endOnly, exactEnd);
        return [name, Format.Inv($"{tol:0e0}"), Format.Int(d.Evaluations), Format.Int(d.AcceptedSteps), Format.Int(d.RejectedSteps), Format.Inv($"{de:0.0e0}"),
            Format.Int(e.Evaluations), Format.Int(e.AcceptedSteps), Format.Int(e.RejectedSteps), Format.Inv($"{ee:0.0e0}")];
    }

    private static (SolverStats Stats, double Error) Solve<TTableau>(double tol, double[] y0, double[] saveAt, Solution<double> exact)
        where TTableau : struct, IRungeKuttaTableau
    {
        Solution<double> sol = Ode.Solve(new SpiralTruth(), default(TTableau), y0, saveAt, SpiralWorkload.Adaptive(tol, tol));
        double error = 0;
        for (int i = 0; i < sol.States.Length; i++)
        {
            error = Math.Max(error, Math.Abs(sol.States[i] - exact.States[i]));
        }

        return (sol.Stats, error);
    }

    private static IReadOnlyList<string> Network<T>(string precision, IBatchedOdeSystem<T> net, int lanes, double tol)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var options = SpiralWorkload.Adaptive(tol, tol) with { MaxSteps = 20_000 };
        try
        {
            Solution<T> sol = Ode.Solve(net, default(Tsit5), SpiralWorkload.InitialStates<T>(lanes), SpiralWorkload.SaveTimes<T>(10.0, 11), options);
            return [precision, Format.Inv($"{tol:0e0}"), Format.Significant((double)sol.Stats.Evaluations / lanes, 3),
                Format.Significant((double)sol.Stats.AcceptedSteps / lanes, 3), Format.Significant((double)sol.Stats.RejectedSteps / lanes, 3)];
        }
        catch (OdeSolveException e)
        {
            string reason = e.Message.Length > 120 ? e.Message[..120] + "…" : e.Message;
            return [precision, Format.Inv($"{tol:0e0}"), "fails: " + reason.Replace("|", "/", StringComparison.Ordinal), string.Empty, string.Empty];
        }
    }
}
