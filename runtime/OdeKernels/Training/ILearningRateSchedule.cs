namespace OdeKernels.Training;

/// <summary>The learning rate as a function of the 0-based iteration.</summary>
/// <remarks>Thread safety: Rate should be a pure function of the iteration (the built-in schedules are immutable and
/// safe to share).</remarks>
public interface ILearningRateSchedule
{
    /// <summary>The learning rate at iteration <paramref name="iteration"/>: finite and positive.</summary>
    /// <param name="iteration">The 0-based iteration (non-negative).</param>
    /// <exception cref="System.ArgumentException"><paramref name="iteration"/> is negative.</exception>
    double Rate(long iteration);
}
