using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using OdeKernels.Benchmarks.Baselines;
using OdeKernels.Examples.Datasets;
using OdeKernels.Examples.Fitting;
using OdeKernels.Examples.Networks;
using OdeKernels.Flows;
using OdeKernels.Training;

namespace OdeKernels.Benchmarks.Report;

/// <summary>
/// Issue #15's peer comparison: the Flows example's continuous normalizing flow (<see cref="FlowNet"/>, exact
/// divergence, Dopri5, t₁ = 0.5) trained for a few iterations on the example's eight-Gaussians data by OdeKernels and
/// by PyTorch + torchdiffeq (<c>bench/peers/cnf_torchdiffeq.py</c>, a child process, the trace exact through autograd),
/// single-threaded and on every core, with the continuous adjoint and with backpropagation through the solver.
/// Where Python, PyTorch or torchdiffeq is missing, one line says so and the target is not measured.
/// </summary>
internal static class FlowPeerSection
{
    /// <summary>The name <c>--only</c> takes.</summary>
    public const string Name = "flows";

    /// <summary>Training iterations of each run (the quick profile: the time per iteration, not a converged flow).</summary>
    public const int Iterations = 20;

    /// <summary>
    /// Runs of each side per row, alternating with the other side's (which goes first alternates too). The peer's time
    /// varied 83–129 ms per iteration between single runs on a shared machine: the median of several runs, each its
    /// own median over iterations, with the spread beside it, keeps one slow or fast run from setting the ratio.
    /// </summary>
    public const int Rounds = 5;

    /// <summary>What every row of this section's targets starts with (for <see cref="SectionMerge"/>).</summary>
    public const string TargetPrefix = "CNF training iteration";

    /// <summary>The seed of the data, OdeKernels' initialisation and batches, and torch.manual_seed.</summary>
    private const ulong Seed = 0;

    public static void Run(ReportContext ctx)
    {
        var md = ctx.Body;
        md.Append(SectionMerge.Open(Name));
        ctx.Heading("Continuous normalizing flow vs PyTorch + torchdiffeq");
        string density = FlowTraining.ComparisonDensity;
        string folder = Path.Combine(Path.GetTempPath(), "odekernels-flows-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        try
        {
            (double[] train, double[] test) = ToyDensities.TrainAndTest(density, FlowTraining.TrainPoints, FlowTraining.TestPoints, Seed, folder);
            string? root = CppReference.RepositoryRoot();
            string script = root is null ? string.Empty : Path.Combine(root, "bench", "peers", "cnf_torchdiffeq.py");
            int cores = Environment.ProcessorCount;
            (string Label, AdjointMethod Adjoint, int Threads)[] runs = cores > 1
                ? [("Backsolve / `odeint_adjoint`", AdjointMethod.Backsolve, 1), ("Backsolve / `odeint_adjoint`", AdjointMethod.Backsolve, cores), ("Direct / `odeint` (backprop)", AdjointMethod.Direct, 1)]
                : [("Backsolve / `odeint_adjoint`", AdjointMethod.Backsolve, 1), ("Direct / `odeint` (backprop)", AdjointMethod.Direct, 1)];
            string? whyNot = File.Exists(script) ? null : "`bench/peers/cnf_torchdiffeq.py` was not found";
            var rows = new List<IReadOnlyList<string>>();
            var targets = new List<Target>();
            JsonElement? described = null;
            foreach (AdjointMethod adjoint in runs.Select(r => r.Adjoint).Distinct())
            {
                WarmUp(ctx, train, adjoint);
            }

            foreach ((string label, AdjointMethod adjoint, int threads) in runs)
            {
                // One untimed run, then a pause until the JIT has nothing left to compile (tiered compilation promotes
                // hot methods on a background thread once calls pause), so that every timed run uses promoted code.
                // Under load the first round of the first row still ran slowest (51-63 ms per iteration against
                // 15-22 ms in three runs; the cause was not found): one reason the rows report medians.
                Train(train, test, adjoint, threads);
                SettleJit();
                var ours = new List<FlowRunFigures>();
                var peers = new List<FlowRunFigures>();
                for (int round = 0; round < Rounds; round++)
                {
                    bool peerFirst = round % 2 == 1;
                    if (peerFirst)
                    {
                        whyNot = RunPeer(ctx, script, Path.Combine(folder, density), adjoint, threads, whyNot, peers, ref described);
                    }

                    ours.Add(Train(train, test, adjoint, threads));
                    ReportContext.Log($"flows: {adjoint}, {threads} thread(s), round {round + 1}: OdeKernels {ours[^1].SecondsPerIteration * 1e3:F2} ms/iteration");
                    if (!peerFirst)
                    {
                        whyNot = RunPeer(ctx, script, Path.Combine(folder, density), adjoint, threads, whyNot, peers, ref described);
                    }
                }

                FlowRounds? peer = whyNot is null && peers.Count == ours.Count ? new FlowRounds(peers) : null;
                var our = new FlowRounds(ours);
                rows.Add(FlowPeerFormat.Row(label, threads, peer, our));
                if (adjoint == AdjointMethod.Backsolve)
                {
                    targets.Add(FlowPeerFormat.SpeedUpTarget(threads, peer, our, whyNot ?? "the peer did not run"));
                }
            }

            Describe(md, described, whyNot, cores);
            Format.Table(md, FlowPeerFormat.Header, rows);
            ctx.Targets.AddRange(targets);
            md.Append(SectionMerge.Close(Name));
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>The setup both sides share, and who ran with what (or the one line saying why the peer did not run).</summary>
    private static void Describe(System.Text.StringBuilder md, JsonElement? peer, string? whyNot, int cores)
    {
        md.Append(Format.Inv($"The Flows example's flow (`FlowNet`: time-input Dense(32, tanh) → Dense(32, tanh) → Dense(2), float64, exact divergence) on its `{FlowTraining.ComparisonDensity}` data "));
        md.Append(Format.Inv($"({FlowTraining.TrainPoints:N0} training and {FlowTraining.TestPoints:N0} held-out points, seed {Seed}, written by the example's `ToyDensities.TrainAndTest` and read by the peer), "));
        md.Append(Format.Inv($"batches of {FlowTraining.BatchSize} drawn with replacement, Dopri5 at rtol = atol = {FlowTraining.Tolerance:G}, t₁ = {FlowTraining.EndTime:G}, Adam at {FlowTraining.LearningRate:G} on a cosine schedule; "));
        md.Append(Format.Inv($"{Iterations} iterations per run (the quick profile: time per iteration, not a converged flow, so the held-out NLL only shows that both train). "));
        md.Append(Format.Inv($"Per row, {Rounds} rounds of one run a side (a fresh flow from the same start each time; the peer in its own process), the side that goes first alternating. "));
        md.Append("Seconds per iteration: each run's median after its first iteration, on both sides; the table gives the median over the rounds with the fastest and slowest run in brackets. ");
        md.Append("Speed-up: the median of the rounds' own speed-ups (the two runs of a round back to back), with their range. ");
        md.Append("NFE: evaluations of the dynamics per iteration, forward + backward (torchdiffeq: ");
        md.Append("one call on the whole batch; OdeKernels steps each point on its own and the figure is the mean over the batch). ");
        md.Append("The initial parameters differ (PyTorch's default initialisation, FlowNet's own), so the step-size control may take different NFE: s/evaluation divides the time by them, ");
        md.Append("forward + backward with an adjoint solve; with backpropagation through the solver (Direct) by the forward evaluations only, on both sides, because torchdiffeq's autograd pass ");
        md.Append("counts no evaluations while OdeKernels' discrete adjoint counts its stage VJPs. Every gradient path is warmed up (untimed) before the first timed iteration, and OdeKernels trains once untimed before each row's rounds, then waits until the JIT has nothing left to compile. ");
        md.Append(Format.Inv($"Threads: OdeKernels `MaxDegreeOfParallelism` 1 or {cores}; the peer `torch.set_num_threads(1)` or `({cores})`, the same per row. Speed-up = torchdiffeq / OdeKernels.\n\n"));
        if (whyNot is not null)
        {
            md.Append(FlowPeerFormat.NotRunLine(whyNot));
        }
        else if (peer is { } a)
        {
            md.Append(Format.Inv($"Peer: `bench/peers/cnf_torchdiffeq.py` with PyTorch {PeersSection.Str(a, "torch")}, torchdiffeq {PeersSection.Str(a, "torchdiffeq")}, the trace through autograd (d = 2 backward passes per evaluation, as torchdiffeq's `examples/cnf.py`).\n\n"));
        }
    }

    /// <summary>
    /// Promotes the gradient's code path (tiered compilation, dynamic PGO) before any iteration is timed, as every
    /// section does: gradients of 32 points on one thread, untimed.
    /// </summary>
    private static void WarmUp(ReportContext ctx, double[] train, AdjointMethod adjoint)
    {
        const int Points = 32;
        var solver = new SolverOptions { RelativeTolerance = FlowTraining.Tolerance, AbsoluteTolerance = FlowTraining.Tolerance, MaxDegreeOfParallelism = 1 };
        var fit = new FlowFit<FlowNet, Dopri5, double>(FlowTraining.Flow(Seed, solver), train[..(2 * Points)], new FlowFitOptions(Points, adjoint));
        var gradient = new double[fit.ParameterCount];
        ReportContext.Log($"flows: warming up {adjoint}");
        ctx.WarmUpOnce("flow gradient " + adjoint, () => fit.Gradient(0, new TrainingRandom(Seed), gradient));
    }

    /// <summary>Waits (at most 10 s) until no method has been compiled for 250 ms, so queued tier-1 code is in place.</summary>
    private static void SettleJit()
    {
        long start = Stopwatch.GetTimestamp();
        long compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
        while (Stopwatch.GetElapsedTime(start).TotalSeconds < 10)
        {
            System.Threading.Thread.Sleep(250);
            long now = System.Runtime.JitInfo.GetCompiledMethodCount();
            if (now == compiled)
            {
                return;
            }

            compiled = now;
        }
    }

    /// <summary>Trains a fresh flow for <see cref="Iterations"/> iterations and reads its figures.</summary>
    private static FlowRunFigures Train(double[] train, double[] test, AdjointMethod adjoint, int threads)
    {
        var solver = new SolverOptions { RelativeTolerance = FlowTraining.Tolerance, AbsoluteTolerance = FlowTraining.Tolerance, MaxDegreeOfParallelism = threads };
        ContinuousFlow<FlowNet, Dopri5, double> flow = FlowTraining.Flow(Seed, solver);
        var fit = new FlowFit<FlowNet, Dopri5, double>(flow, train, new FlowFitOptions(FlowTraining.BatchSize, adjoint));
        var recorder = new TrainingRecorder();
        FlowTraining.Trainer(fit, FlowTraining.LearningRate, Iterations, new TrainerOptions { Solver = solver, Adjoint = adjoint, Seed = Seed }).Run(Iterations, recorder);
        double lanes = Math.Min(FlowTraining.BatchSize, train.Length / 2);
        List<TrainingReport> r = recorder.Reports;
        IEnumerable<TrainingReport> timed = r.Count > 1 ? r.Skip(1) : r;
        return new FlowRunFigures(
            OdeNetRunFigures.Median(timed.Select(x => x.Seconds)), r.Average(x => x.ForwardEvaluations) / lanes, r.Average(x => x.BackwardEvaluations) / lanes, flow.NegativeLogLikelihood(test),
            Backprop: adjoint == AdjointMethod.Direct);
    }

    /// <summary>
    /// One peer run into <paramref name="peers"/> unless the peer is already known not to run; the reason it did not
    /// run (null while it does). The first answer is kept for the versions the section names.
    /// </summary>
    private static string? RunPeer(ReportContext ctx, string script, string data, AdjointMethod adjoint, int threads, string? whyNot, List<FlowRunFigures> peers, ref JsonElement? described)
    {
        if (whyNot is not null)
        {
            return whyNot;
        }

        (JsonElement? answer, string why) = MeasurePeer(ctx, script, data, adjoint, threads);
        if (answer is not { } a)
        {
            ReportContext.Log($"flows: peer not run: {why}");
            return why;
        }

        peers.Add(FlowRunFigures.FromPeer(a, adjoint == AdjointMethod.Direct));
        described ??= a;
        ReportContext.Log($"flows: torchdiffeq, {adjoint}, {threads} thread(s): {peers[^1].SecondsPerIteration * 1e3:F1} ms/iteration");
        return null;
    }

    private static (JsonElement? Answer, string Why) MeasurePeer(ReportContext ctx, string script, string data, AdjointMethod adjoint, int threads)
    {
        string options = string.Create(CultureInfo.InvariantCulture,
            $"--data \"{data}\" --iterations {Iterations} --batch {FlowTraining.BatchSize} --hidden 32 --learning-rate {FlowTraining.LearningRate:R} --tolerance {FlowTraining.Tolerance:R} --threads {threads} --seed {Seed}{(adjoint == AdjointMethod.Direct ? " --direct" : string.Empty)}");
        long start = Stopwatch.GetTimestamp();
        (JsonElement? answer, string why) = PeersSection.Measure(script, options);
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        ctx.PeerSeconds += seconds;
        ctx.AddExternalSeconds(seconds);
        return (answer, why);
    }
}
