using System;
using System.Collections.Generic;
using System.IO;
using System.Numerics;
using OdeKernels.Training;

namespace OdeKernels.Distributed.TestApp;

/// <summary>The scenarios the tests run; rank 0 writes the results.</summary>
internal static class Scenarios
{
    private static readonly SolverOptions Solver = new() { RelativeTolerance = 1e-7, AbsoluteTolerance = 1e-9 };

    public static void Run(Communicator communicator, string[] args)
    {
        string mode = args[0], output = args[1];
        var options = new Dictionary<string, string>();
        for (int i = 2; i + 1 < args.Length; i += 2)
        {
            options[args[i]] = args[i + 1];
        }

        bool single = options.GetValueOrDefault("--single") == "true";
        int lanes = int.Parse(options.GetValueOrDefault("--lanes", "300"), System.Globalization.CultureInfo.InvariantCulture);
        switch (mode)
        {
            case "collectives":
                Collectives(communicator, output);
                break;
            case "train64":
                Train<ShardNet64, double>(new ShardNet64(7), communicator, output, lanes, options, single);
                break;
            case "train32":
                Train<ShardNet, float>(new ShardNet(7), communicator, output, lanes, options, single);
                break;
            case "solve":
                Solve(communicator, output, lanes, single);
                break;
            case "measure":
                Measure.Run(communicator, output);
                break;
            case "fail-solve":
                FailSolve(communicator, lanes);
                break;
            case "fail-train":
                FailTrain(communicator, lanes, new BlowUp(), 2.0);
                break;
            case "fail-backward":
                FailTrain(communicator, lanes, new BlowUp { FailBackwardAbove = 0.5 }, 0.5);
                break;
            default:
                throw new ArgumentException($"unknown mode {mode}");
        }
    }

    /// <summary>Each rank contributes values that depend on its rank; rank 0 writes what the collectives returned.</summary>
    private static void Collectives(Communicator communicator, string output)
    {
        int r = communicator.Rank, p = communicator.Size;
        double[] sum = [r + 1, 0.1 * r, 1e16];
        communicator.SumInRankOrder<double>(sum);
        double[] reduced = [r + 1];
        communicator.AllReduceSum(reduced);
        float[] broadcast = r == p - 1 ? [42.5f, -1f] : [0f, 0f];
        communicator.Broadcast<float>(broadcast, p - 1);
        var counts = new int[p];
        for (int k = 0; k < p; k++)
        {
            counts[k] = k + 1;
        }

        double[] mine = new double[r + 1];
        Array.Fill(mine, r);
        var gathered = new double[p * (p + 1) / 2];
        communicator.GatherToAll<double>(mine, counts, gathered);
        var atRoot = new double[communicator.IsRoot ? gathered.Length : 0];
        communicator.Gather<double>(mine, counts, atRoot);
        communicator.Barrier();
        if (communicator.IsRoot)
        {
            Data.Write(output, ("size", [(double)p]), ("sum", sum), ("allreduce", reduced), ("broadcast", Array.ConvertAll(broadcast, x => (double)x)), ("gathered", gathered), ("gathered-at-root", atRoot));
        }
    }

    /// <summary>
    /// Trains with Adam on minibatches drawn from lanes + 40 trajectories (so the random stream matters), sharded or
    /// alone (--single true: the plain TrajectoryFit), optionally writing checkpoints and resuming.
    /// </summary>
    private static void Train<TSystem, T>(TSystem network, Communicator communicator, string output, int lanes, Dictionary<string, string> options, bool single)
        where TSystem : IDifferentiableSystem<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] y0 = Data.InitialStates<T>(lanes + 40);
        var objective = new TrajectoryObjective<T>(Data.TimesOf<T>(), y0, Data.Observations<T>(y0), stateSize: 2, batchSize: lanes);
        IGradientObjective<T> fit = single
            ? new TrajectoryFit<TSystem, Tsit5, T>(network, objective, Solver)
            : new ShardedTrajectoryFit<TSystem, Tsit5, T>(communicator, network, objective, Solver);
        var trainerOptions = new TrainerOptions
        {
            Seed = 11,
            Communicator = single ? null : communicator,
            CheckpointDirectory = options.GetValueOrDefault("--checkpoints"),
            MetricsPath = options.TryGetValue("--checkpoints", out string? directory) ? Path.Combine(directory, "metrics.csv") : null,
        };
        var trainer = new Trainer<T>(fit, new Adam<T>(fit.ParameterCount), new ConstantSchedule(0.01), trainerOptions);
        if (options.TryGetValue("--resume", out string? checkpoint))
        {
            trainer.Resume(checkpoint);
        }

        TrainingResult result = trainer.Run(long.Parse(options["--iterations"], System.Globalization.CultureInfo.InvariantCulture));
        if (communicator.IsRoot)
        {
            Data.Write(output, ("parameters", fit.Parameters.ToArray()), ("loss", [T.CreateChecked(result.Loss)]));
        }
    }

    /// <summary>The sharded solve and gradient (or, with --single true, Ode.Solve and Ode.Gradient) of ShardNet64.</summary>
    private static void Solve(Communicator communicator, string output, int lanes, bool single)
    {
        var network = new ShardNet64(3);
        double[] y0 = Data.InitialStates<double>(lanes), times = Data.TimesOf<double>();
        var dLdY = new double[times.Length * y0.Length];
        for (int i = 0; i < dLdY.Length; i++)
        {
            dLdY[i] = Math.Sin(0.37 * i);
        }

        Solution<double> solution = single
            ? Ode.Solve(network, default(Tsit5), y0, times, Solver)
            : Distributed.Solve(communicator, network, default(Tsit5), y0, times, Solver);
        Gradient<double> gradient = single
            ? Ode.Gradient(network, default(Tsit5), y0, times, dLdY, Solver, AdjointMethod.Checkpointed)
            : Distributed.Gradient(communicator, network, default(Tsit5), y0, times, dLdY, Solver, AdjointMethod.Checkpointed);
        // A hand-written system: its adjoint sums blocks in the solve's type, not in double.
        double[] small = new double[lanes];
        Array.Fill(small, 0.1);
        var cotangent = new double[2 * lanes];
        Array.Fill(cotangent, 1.0);
        Gradient<double> hand = single
            ? Ode.Gradient(new BlowUp(), default(Tsit5), small, [0.0, 2.0], cotangent, Solver)
            : Distributed.Gradient(communicator, new BlowUp(), default(Tsit5), small, [0.0, 2.0], cotangent, Solver);
        if (communicator.IsRoot)
        {
            var laneStats = new double[3 * lanes];
            for (int lane = 0; lane < lanes; lane++)
            {
                SolverStats s = solution.LaneStats(lane);
                (laneStats[3 * lane], laneStats[(3 * lane) + 1], laneStats[(3 * lane) + 2]) = (s.Evaluations, s.AcceptedSteps, s.RejectedSteps);
            }

            Data.Write(
                output,
                ("states", solution.States.ToArray()),
                ("lane-stats", laneStats),
                ("gradient-states", gradient.Solution.States.ToArray()),
                ("dL/dy0", gradient.InitialState),
                ("dL/dtheta", gradient.Parameters),
                ("backward-evaluations", [(double)gradient.BackwardStats.Evaluations]),
                ("hand-written-dL/dtheta", hand.Parameters));
        }
    }

    /// <summary>Lane <c>lanes − 20</c> starts at 1 and blows up at t = 1; the others start at 0.1 (t = 10). The solve goes to t = 2.</summary>
    private static double[] BlowUpStates(int lanes)
    {
        var y0 = new double[lanes];
        Array.Fill(y0, 0.1);
        y0[lanes - 20] = 1.0;
        return y0;
    }

    private static void FailSolve(Communicator communicator, int lanes) =>
        Distributed.Solve(communicator, new BlowUp(), default(Tsit5), BlowUpStates(lanes), [0.0, 2.0]);

    /// <summary>
    /// Trains dy/dt = θ y² on <see cref="BlowUpStates"/> up to <paramref name="end"/>: to 2, lane lanes − 20 fails in
    /// the forward solve; to 0.5 with a system whose backward pass refuses states above 0.5, it fails backwards.
    /// </summary>
    private static void FailTrain(Communicator communicator, int lanes, BlowUp system, double end)
    {
        double[] y0 = BlowUpStates(lanes);
        var objective = new TrajectoryObjective<double>([0.0, end], y0, new double[2 * lanes], stateSize: 1);
        var fit = new ShardedTrajectoryFit<BlowUp, Tsit5, double>(communicator, system, objective);
        var trainer = new Trainer<double>(fit, new Adam<double>(1), new ConstantSchedule(0.01), new TrainerOptions { Communicator = communicator });
        trainer.Run(3);
    }
}
