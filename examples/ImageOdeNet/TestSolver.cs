using System.Collections.Generic;
using System.Linq;
using System.Globalization;

namespace OdeKernels.Examples.ImageOdeNet;

/// <summary>A solver the trained ODE-Net is evaluated with at test time: a method and either tolerances or a fixed step.</summary>
/// <param name="Method">Dopri5, Tsit5, Rk4 or Euler.</param>
/// <param name="Options">Tolerances (adaptive methods) or a fixed step.</param>
internal sealed record TestSolver(string Method, SolverOptions Options)
{
    /// <summary>"tol 1E-3" or "h = 1/4".</summary>
    public string Setting => Options.FixedStep is { } h
        ? "h = " + (h >= 1 ? h.ToString("0.###", CultureInfo.InvariantCulture) : "1/" + (1 / h).ToString("0.##", CultureInfo.InvariantCulture))
        : "tol " + Options.RelativeTolerance.ToString("0E+0", CultureInfo.InvariantCulture);

    /// <summary>Adaptive Dopri5 at rtol = atol = <paramref name="tolerance"/>.</summary>
    public static TestSolver Dopri5(double tolerance) => new("Dopri5", new SolverOptions { RelativeTolerance = tolerance, AbsoluteTolerance = tolerance });

    /// <summary>Adaptive Tsit5 at rtol = atol = <paramref name="tolerance"/>.</summary>
    public static TestSolver Tsit5(double tolerance) => new("Tsit5", new SolverOptions { RelativeTolerance = tolerance, AbsoluteTolerance = tolerance });

    /// <summary>Fixed-step Rk4.</summary>
    public static TestSolver Rk4(double step) => new("Rk4", new SolverOptions { FixedStep = step });

    /// <summary>Fixed-step Euler.</summary>
    public static TestSolver Euler(double step) => new("Euler", new SolverOptions { FixedStep = step });

    /// <summary>
    /// The solvers of the "train accurately, test cheaply" table: Dopri5 from loose to tight, Tsit5 at the training
    /// tolerance, and the fixed-step methods from one step to many (cheapest first within each method).
    /// </summary>
    public static IReadOnlyList<TestSolver> Sweep(double trainingTolerance)
    {
        double[] tolerances = [.. new[] { 1e-1, 1e-2, trainingTolerance, trainingTolerance / 100 }.Distinct().Order().Reverse()];
        return [.. tolerances.Select(Dopri5), Tsit5(trainingTolerance), Rk4(1), Rk4(0.5), Rk4(0.25), Euler(0.5), Euler(0.125)];
    }
}
