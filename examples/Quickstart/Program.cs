using System;
using System.CommandLine;
using System.Diagnostics;
using OdeKernels;
using OdeKernels.Examples.Datasets;
using OdeKernels.Terminal;

// The spiral of Chen et al. (2018): du/dt = (u³)ᵀA, A = [[-0.1, 2.0], [-2.0, -0.1]], u0 = [2, 0], t in [0, 1.5],
// solved for a batch of lanes (the first from u0, the rest from nearby starts) with Tsit5 at tight tolerances.
// SpiralTruth (examples/OdeKernels.Examples.Shared/Datasets) is the right-hand side written by hand, an IOdeSystem.
// Errors and exit codes as for every example (ConsoleProgram): a failed solve prints one line and exits with 1.
return ConsoleProgram.Invoke(new RootCommand("Solves the spiral ODE of Chen et al. (2018) for 1,024 trajectories with Tsit5."), args, _ =>
{
    const int lanes = 1024;
    var y0 = new double[lanes * 2];
    for (int i = 0; i < lanes; i++)
    {
        y0[2 * i] = 2.0 - (0.5 * i / lanes);
        y0[(2 * i) + 1] = 0.25 * i / lanes;
    }

    double[] saveAt = new double[16];
    for (int j = 0; j < saveAt.Length; j++)
    {
        saveAt[j] = 1.5 * j / (saveAt.Length - 1);
    }

    var options = new SolverOptions { RelativeTolerance = 1e-8, AbsoluteTolerance = 1e-10 };
    Ode.Solve(new SpiralTruth(), new Tsit5(), y0, saveAt, options); // warm up (JIT, buffers)
    var clock = Stopwatch.StartNew();
    Solution<double> sol = Ode.Solve(new SpiralTruth(), new Tsit5(), y0, saveAt, options);
    clock.Stop();

    Console.WriteLine($"Tsit5, {lanes} lanes, {saveAt.Length} save times, rtol {options.RelativeTolerance:E0}: {clock.Elapsed.TotalMilliseconds:F1} ms");
    Console.WriteLine($"steps accepted {sol.Stats.AcceptedSteps}, rejected {sol.Stats.RejectedSteps}, evaluations {sol.Stats.Evaluations}");
    Console.WriteLine(" t      u1(lane 0)   u2(lane 0)");
    for (int j = 0; j < saveAt.Length; j += 3)
    {
        Console.WriteLine($"{saveAt[j],4:F2}  {sol[j, 0, 0],11:F6}  {sol[j, 0, 1],11:F6}");
    }

    return 0;
});
