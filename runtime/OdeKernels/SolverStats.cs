namespace OdeKernels;

/// <summary>Work counters of a solve, for the whole batch or for one lane.</summary>
/// <param name="Evaluations">Evaluations of the right-hand side (per lane: one per lane evaluated).</param>
/// <param name="AcceptedSteps">Steps accepted.</param>
/// <param name="RejectedSteps">Steps rejected by the error control.</param>
/// <remarks>Thread safety: an immutable value; safe to share.</remarks>
public readonly record struct SolverStats(long Evaluations, long AcceptedSteps, long RejectedSteps);
