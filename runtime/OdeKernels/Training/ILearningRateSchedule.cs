namespace OdeKernels.Training;

/// <summary>The learning rate as a function of the 0-based iteration.</summary>
public interface ILearningRateSchedule
{
    /// <summary>The learning rate at iteration <paramref name="iteration"/>: finite and positive.</summary>
    /// <param name="iteration">The 0-based iteration (non-negative).</param>
    /// <exception cref="System.ArgumentException"><paramref name="iteration"/> is negative.</exception>
    double Rate(long iteration);
}
