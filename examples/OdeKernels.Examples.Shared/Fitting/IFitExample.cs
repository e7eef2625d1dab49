namespace OdeKernels.Examples.Fitting;

/// <summary>
/// One trajectory-fit example's own part: its data, model and objective, its evaluation, figures and summary lines.
/// <see cref="TrajectoryFitProgram"/> supplies the rest (command line, Runge-Kutta method, training, resuming,
/// checkpoints, the loss figure and the lines every fit prints).
/// </summary>
/// <remarks>Thread safety: an instance is one run of one program; call <see cref="Train{TTableau}"/> once, from the
/// program's main thread.</remarks>
public interface IFitExample
{
    /// <summary>
    /// Trains with the Runge-Kutta method <typeparamref name="TTableau"/> (through
    /// <see cref="TrajectoryFitProgram.Train"/>), writes the figures and prints the summary.
    /// </summary>
    /// <typeparam name="TTableau">The method <c>--solver</c> named, as a type argument, so that every solve of the run is specialised for it.</typeparam>
    /// <returns>The exit code.</returns>
    int Train<TTableau>()
        where TTableau : struct, IRungeKuttaTableau;
}
