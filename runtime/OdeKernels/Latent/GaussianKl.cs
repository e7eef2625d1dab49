using System;
using System.Numerics;

namespace OdeKernels.Latent;

/// <summary>
/// The Kullback–Leibler divergence of the approximate posterior N(μ, diag σ²) from the prior N(0, I), per series:
/// KL = ½ Σ_c (σ²_c + μ²_c − 1 − log σ²_c) (Kingma and Welling, 2014, appendix B), on the encoder's layout
/// [μ (L values) ; log σ² (L values)] per series.
/// </summary>
/// <remarks>Thread safety: stateless; safe to call concurrently on distinct outputs.</remarks>
public static class GaussianKl
{
    /// <summary>
    /// Writes every series' KL into <paramref name="perSeries"/> (empty to skip) and adds the gradient of their sum,
    /// dKL/dμ = μ and dKL/dlog σ² = ½ (σ² − 1), into <paramref name="gradient"/> (empty to skip); returns the sum.
    /// Accumulated in double.
    /// </summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="meanAndLogVariance">Per series μ then log σ², 2·<paramref name="latentSize"/> values per series.</param>
    /// <param name="latentSize">L, the size of z0 (positive).</param>
    /// <param name="perSeries">Receives one KL per series, or empty.</param>
    /// <param name="gradient">Receives the gradient of the summed KL, added, laid out like <paramref name="meanAndLogVariance"/>; or empty.</param>
    /// <returns>Σ over series of KL.</returns>
    /// <exception cref="ArgumentException">The sizes do not fit.</exception>
    public static double Evaluate<T>(ReadOnlySpan<T> meanAndLogVariance, int latentSize, Span<double> perSeries, Span<T> gradient)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int count = Reparameterization.Check(meanAndLogVariance, latentSize, ReadOnlySpan<T>.Empty, string.Empty);
        if (!perSeries.IsEmpty)
        {
            Reparameterization.CheckLength(perSeries.Length, count, nameof(perSeries));
        }

        if (!gradient.IsEmpty)
        {
            Reparameterization.CheckLength(gradient.Length, meanAndLogVariance.Length, nameof(gradient));
        }

        double total = 0;
        for (int s = 0; s < count; s++)
        {
            int meanAt = 2 * s * latentSize, logVarianceAt = meanAt + latentSize;
            double kl = 0;
            for (int c = 0; c < latentSize; c++)
            {
                double mean = double.CreateChecked(meanAndLogVariance[meanAt + c]);
                double logVariance = double.CreateChecked(meanAndLogVariance[logVarianceAt + c]);
                double variance = Math.Exp(logVariance);
                kl += 0.5 * (variance + (mean * mean) - 1 - logVariance);
                if (!gradient.IsEmpty)
                {
                    gradient[meanAt + c] += meanAndLogVariance[meanAt + c];
                    gradient[logVarianceAt + c] += T.CreateChecked(0.5 * (variance - 1));
                }
            }

            if (!perSeries.IsEmpty)
            {
                perSeries[s] = kl;
            }

            total += kl;
        }

        return total;
    }
}
