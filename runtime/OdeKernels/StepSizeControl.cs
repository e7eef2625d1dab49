namespace OdeKernels;

/// <summary>
/// Which rules adapt the step size of an adaptive solve (<see cref="SolverOptions.StepSizeControl"/>): how a step's
/// embedded error is measured, when the step is accepted and how the next step is sized.
/// </summary>
public enum StepSizeControl
{
    /// <summary>
    /// The default: Hairer, Nørsett and Wanner's PI controller (Solving ODEs I, §II.4, and their DOPRI5 code) over the
    /// root-mean-square error norm, err = √(Σ_c (e_c / (atol + rtol · max(|y_c|, |ynew_c|)))² / n); a step is accepted
    /// when err ≤ 1. Governed by <see cref="SolverOptions.Safety"/>, <see cref="SolverOptions.MinFactor"/>,
    /// <see cref="SolverOptions.MaxFactor"/> and <see cref="SolverOptions.ControllerBeta"/>. As torchdiffeq, diffrax and
    /// scipy measure the error (the PI term is Hairer's).
    /// </summary>
    ProportionalIntegral = 0,

    /// <summary>
    /// The rules of Boost.Odeint's <c>controlled_runge_kutta</c> with its default error checker and step adjuster,
    /// so that a solve ported from Boost takes Boost's steps from the same first step. The error is the maximum
    /// norm err = max_c |e_c| / (atol + rtol · (|y_c| + |h| · |f_c|)), with y and f = f(t, y) at the step's start; a
    /// step is accepted when err ≤ 1. A rejected step shrinks by max(0.9 · err^(−1/(p̂ − 1)), 0.2) with p̂ the
    /// embedded order (at least 2 here; Boost's pairs all have p̂ ≥ 4). After an accepted step with err &lt; 0.5 the
    /// next grows by 0.9 · max(err, 5^−p)^(−1/p), p the order (so at most 4.5×); with 0.5 ≤ err ≤ 1 it keeps its size,
    /// which saves the power on most steps; and, as Boost's <c>integrate_times</c>, an accepted step's successor is never
    /// shorter than that step's proposal (also when the step was cut short to land on a save time). Boost fixes these constants, so <see cref="SolverOptions.Safety"/>,
    /// <see cref="SolverOptions.MinFactor"/>, <see cref="SolverOptions.MaxFactor"/> and
    /// <see cref="SolverOptions.ControllerBeta"/> must keep their defaults with it (a solve refuses other values,
    /// rather than ignore them). <see cref="SolverOptions.MaxStep"/>, <see cref="SolverOptions.MinStep"/> and
    /// <see cref="SolverOptions.MaxSteps"/> apply as with the default. A non-finite error rejects the step with the
    /// smallest factor (Boost would accept a NaN error). Boost has no starting-step algorithm: set
    /// <see cref="SolverOptions.InitialStep"/> to Boost's first dt to reproduce its steps. CPU only:
    /// <see cref="Backend.Cuda"/> refuses it and <see cref="Backend.Auto"/> solves on the CPU.
    /// </summary>
    Odeint = 1,
}
