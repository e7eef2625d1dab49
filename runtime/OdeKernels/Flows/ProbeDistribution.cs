namespace OdeKernels.Flows;

/// <summary>The distribution of the probes of <see cref="TraceEstimator.Hutchinson"/>; both have E[εεᵀ] = I.</summary>
/// <remarks>Thread safety: an enum value; safe to share.</remarks>
public enum ProbeDistribution
{
    /// <summary>Components ±1 with equal probability, one 64-bit draw each: the lower-variance choice (Hutchinson 1990).</summary>
    Rademacher,

    /// <summary>Standard normal components, two draws each (<see cref="Training.TrainingRandom.NextGaussian"/>).</summary>
    Gaussian,
}
