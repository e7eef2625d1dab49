using System;
using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using OdeKernels.Cuda;
using OdeKernels.Generated;

namespace OdeKernels.GpuCheck;

/// <summary>
/// CUDA against the CPU backend on one workload in one precision: the forward solve, the Backsolve gradient and the
/// Checkpointed gradient, each a CPU row (the reference's size, its steps and time: these rows run without a GPU too)
/// and a CUDA row (the largest difference, against <see cref="Limit"/>).
/// </summary>
/// <remarks>
/// Why the limits are not zero: NVRTC compiles with <c>--fmad=false</c> and the kernels do the CPU kernels' operations
/// in the same order, so everything but the transcendental functions rounds alike. tanh (and exp) round differently in
/// CUDA's libdevice and in .NET, a few ulps per evaluation; in float, with rtol 1e-4, such an ulp can now and then
/// move an error norm across 1 and change a lane's steps, which moves its result by about rtol. The parameter
/// gradient is also summed in another order (per lane in double, then across the block, where the CPU sums lanes per
/// step). The limits are the ones the CUDA shim tests (tests/OdeKernels.Tests/Cuda/CudaShim*Tests.cs) hold the same
/// device code to against the same CPU backend: 1e-10 (forward) and 1e-9 (gradients) in double, 2e-4 (forward),
/// 2e-3 (Backsolve) and 5e-4 (Checkpointed) in float. A difference is |cuda − cpu| / max(1, |cpu|) per element for
/// states and dL/dy₀, and |cuda − cpu| / max|dL/dθ| for the parameter gradient; the row shows the largest.
/// </remarks>
internal static class Agreement
{
    /// <summary>The methods compared, in row order.</summary>
    public static readonly string[] Methods = ["forward", "Backsolve", "Checkpointed"];

    /// <summary>The largest difference accepted for a method in a precision (see the remarks).</summary>
    public static double Limit(string method, bool isDouble) => (method, isDouble) switch
    {
        ("forward", true) => 1e-10,
        (_, true) => 1e-9,
        ("forward", false) => 2e-4,
        ("Backsolve", false) => 2e-3,
        _ => 5e-4,
    };

    /// <summary>Runs the three comparisons of <paramref name="network"/> with Tsit5 at the adaptive tolerances of <see cref="Problems.Adaptive{T}"/>.</summary>
    public static void Run<TSystem, T>(CheckTable table, CudaContext? device, string reason, string workload, TSystem network, T[] y0, T[] saveAt)
        where TSystem : IBatchedDifferentiableSystem<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] weights = Problems.LossWeights<T>(saveAt.Length * y0.Length);
        int lanes = y0.Length / network.StateSize;
        foreach (string method in Methods)
        {
            Result<T> Call(Backend backend)
            {
                SolverOptions options = Problems.Adaptive<T>(backend);
                Stopwatch clock = Stopwatch.StartNew();
                if (method == "forward")
                {
                    Solution<T> solution = Ode.Solve(network, new Tsit5(), y0, saveAt, options);
                    return new Result<T>(solution.States.ToArray(), [], solution, clock.Elapsed.TotalSeconds);
                }

                AdjointMethod adjoint = method == "Backsolve" ? AdjointMethod.Backsolve : AdjointMethod.Checkpointed;
                Gradient<T> gradient = Ode.Gradient(network, new Tsit5(), y0, saveAt, weights, options, adjoint);
                return new Result<T>(gradient.InitialState, gradient.Parameters, gradient.Solution, clock.Elapsed.TotalSeconds, gradient.BackwardStats);
            }

            string precision = Problems.Precision<T>(), lanesText = CheckTable.Number(lanes), limit = CheckTable.Number(Limit(method, typeof(T) == typeof(double)));
            Result<T> cpu;
            try
            {
                cpu = Call(Backend.Cpu);
            }
            catch (Exception e)
            {
                // Any failure is this row's FAIL (the check is a diagnostic; the next row still runs).
                table.Add("agreement", workload, precision, method, lanesText, "CPU", "", "", "", "", CheckTable.Fail, $"the CPU reference failed: {e.GetType().Name}: {e.Message}");
                table.Add("agreement", workload, precision, method, lanesText, "CUDA", "", "", "", limit, CheckTable.Skipped, "no CPU reference to compare with");
                continue;
            }

            table.Add("agreement", workload, precision, method, lanesText, "CPU", CheckTable.Number(cpu.Norm()), "‖result‖₂", CheckTable.Number(cpu.Seconds), "", CheckTable.Ok,
                $"result: {cpu.What}; {Steps(cpu)}; Tsit5 rtol {Problems.Adaptive<T>(Backend.Cpu).RelativeTolerance.ToString("0e0", CultureInfo.InvariantCulture)}, all CPU threads");
            if (device is null)
            {
                table.Add("agreement", workload, precision, method, lanesText, "CUDA", "", "", "", limit, CheckTable.Skipped, reason);
                continue;
            }

            Result<T> cuda;
            try
            {
                cuda = Call(Backend.Cuda);
            }
            catch (Exception e)
            {
                table.Add("agreement", workload, precision, method, lanesText, "CUDA", "", "", "", limit, CheckTable.Fail, $"{e.GetType().Name}: {e.Message}");
                continue;
            }

            (double difference, string detail) = cpu.Compare(cuda);
            bool met = difference <= Limit(method, typeof(T) == typeof(double));
            table.Add("agreement", workload, precision, method, lanesText, "CUDA", CheckTable.Number(difference), "max rel. difference from CPU", CheckTable.Number(cuda.Seconds), limit,
                met ? CheckTable.Ok : CheckTable.Fail, $"{detail}; {StepDifference(cpu, cuda)}; seconds include the first call's PTX load");
        }
    }

    private static string Steps<T>(Result<T> result)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        SolverStats forward = result.Solution.Stats;
        string text = string.Create(CultureInfo.InvariantCulture, $"forward steps {forward.AcceptedSteps:N0} accepted, {forward.RejectedSteps:N0} rejected (all lanes)");
        return result.Backward is { } backward ? text + string.Create(CultureInfo.InvariantCulture, $", backward {backward.AcceptedSteps:N0} accepted") : text;
    }

    private static string StepDifference<T>(Result<T> cpu, Result<T> cuda)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int lanes = 0;
        for (int lane = 0; lane < cpu.Solution.Lanes; lane++)
        {
            SolverStats a = cpu.Solution.LaneStats(lane), b = cuda.Solution.LaneStats(lane);
            lanes += a.AcceptedSteps == b.AcceptedSteps && a.RejectedSteps == b.RejectedSteps ? 0 : 1;
        }

        string text = string.Create(CultureInfo.InvariantCulture, $"lanes whose forward steps differ: {lanes}");
        return cpu.Backward is { } x && cuda.Backward is { } y
            ? text + string.Create(CultureInfo.InvariantCulture, $", backward steps CPU {x.AcceptedSteps:N0} / CUDA {y.AcceptedSteps:N0}")
            : text;
    }

    /// <summary>One backend's answer: the state-like part (states, or dL/dy₀) and the parameter gradient (empty for a forward solve).</summary>
    private sealed record Result<T>(T[] States, T[] Parameters, Solution<T> Solution, double Seconds, SolverStats? Backward = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public string What => Parameters.Length == 0 ? "saved states" : "dL/dθ and dL/dy₀";

        /// <summary>The 2-norm of everything compared.</summary>
        public double Norm()
        {
            double sum = 0;
            foreach (T v in States)
            {
                sum += double.CreateTruncating(v) * double.CreateTruncating(v);
            }

            foreach (T v in Parameters)
            {
                sum += double.CreateTruncating(v) * double.CreateTruncating(v);
            }

            return Math.Sqrt(sum);
        }

        /// <summary>The largest scaled difference (see <see cref="Agreement"/>'s remarks) and the parts it came from.</summary>
        public (double Difference, string Detail) Compare(Result<T> other)
        {
            double states = 0, absolute = 0, scale = 0, parameters = 0;
            for (int i = 0; i < States.Length; i++)
            {
                double e = double.CreateTruncating(States[i]), a = double.CreateTruncating(other.States[i]);
                states = Math.Max(states, Math.Abs(e - a) / Math.Max(1.0, Math.Abs(e)));
                absolute = Math.Max(absolute, Math.Abs(e - a));
            }

            foreach (T g in Parameters)
            {
                scale = Math.Max(scale, Math.Abs(double.CreateTruncating(g)));
            }

            for (int q = 0; q < Parameters.Length; q++)
            {
                double e = double.CreateTruncating(Parameters[q]), a = double.CreateTruncating(other.Parameters[q]);
                parameters = Math.Max(parameters, Math.Abs(e - a) / (scale > 0 ? scale : 1.0));
                absolute = Math.Max(absolute, Math.Abs(e - a));
            }

            // NaN never passes: Math.Max propagates it, and a NaN difference fails every limit.
            double worst = Math.Max(states, parameters);
            string detail = Parameters.Length == 0
                ? string.Create(CultureInfo.InvariantCulture, $"states {states:G3}, max abs. {absolute:G3}")
                : string.Create(CultureInfo.InvariantCulture, $"dL/dy₀ {states:G3}, dL/dθ {parameters:G3} (of max |dL/dθ| {scale:G3}), max abs. {absolute:G3}");
            return (worst, detail);
        }
    }
}
