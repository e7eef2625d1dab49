namespace OdeKernels.Examples.LatentOde;

/// <summary>A trained model of the spirals: from a series' observations to its path on a time grid.</summary>
/// <remarks>Thread safety: implementations keep scratch state; use one from one thread at a time.</remarks>
public interface ISpiralModel
{
    /// <summary>The model's name in tables and figures.</summary>
    string Name { get; }

    /// <summary>
    /// Encodes every series of <paramref name="observed"/> to the mean of its z0 (no sampling) and predicts its
    /// positions at every time of <paramref name="grid"/>: series i at grid point k is
    /// <c>result[(i · grid.Length + k) · 2 + c]</c>.
    /// </summary>
    /// <param name="observed">The observations.</param>
    /// <param name="grid">The times, increasing from z0's time 0 or later.</param>
    /// <returns>The predictions.</returns>
    float[] Predict(ObservedSeries observed, double[] grid);
}
