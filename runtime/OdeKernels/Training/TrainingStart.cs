namespace OdeKernels.Training;

/// <summary>What a run is about to do, for <see cref="ITrainingObserver.OnStart"/>.</summary>
/// <param name="Model">The model name recorded in checkpoints.</param>
/// <param name="Tableau">The Runge-Kutta method's name.</param>
/// <param name="Adjoint">The adjoint method.</param>
/// <param name="ParameterCount">The number of trained parameters.</param>
/// <param name="StartIteration">The iterations already completed (non-zero after a resume).</param>
/// <param name="TotalIterations">The iteration the run trains to.</param>
/// <remarks>Thread safety: immutable; safe to share.</remarks>
public sealed record TrainingStart(string Model, string Tableau, AdjointMethod Adjoint, int ParameterCount, long StartIteration, long TotalIterations);
