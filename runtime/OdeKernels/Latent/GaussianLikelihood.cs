using System;
using System.Globalization;
using System.Numerics;

namespace OdeKernels.Latent;

/// <summary>
/// The log-likelihood of observations under independent Gaussians centred on a decoder's predictions with one fixed
/// observation standard deviation σ (as in Chen et al., 2018, §5): log p(x | x̂) = Σ over observed values of
/// −½ ((x − x̂) / σ)² − log σ − ½ log 2π. Observations and predictions share one layout, rows of D values (the ragged
/// rows of a <see cref="LaneSolution{T}"/>: row <c>offsets[i] + r</c> is series i's r-th time); a mask marks which
/// values were observed, so a missing dimension adds nothing to the value and nothing to the gradient.
/// </summary>
/// <remarks>Thread safety: stateless; safe to call concurrently on distinct outputs.</remarks>
public static class GaussianLikelihood
{
    private static readonly double HalfLogTwoPi = 0.5 * Math.Log(2 * Math.PI);

    /// <summary>
    /// Returns log p(x | x̂) summed over the observed values and adds its gradient with respect to the predictions,
    /// (x − x̂) / σ² at observed values and 0 at missing ones, into <paramref name="gradient"/> (empty to skip).
    /// Accumulated in double.
    /// </summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="observations">The observations x.</param>
    /// <param name="predictions">The predictions x̂, laid out like <paramref name="observations"/>.</param>
    /// <param name="mask">True where a value was observed, laid out like <paramref name="observations"/>; empty when every value was.</param>
    /// <param name="sigma">The observation standard deviation (positive and finite).</param>
    /// <param name="gradient">Receives d log p / dx̂, added; or empty.</param>
    /// <returns>The log-likelihood.</returns>
    /// <exception cref="ArgumentException">The lengths differ or <paramref name="sigma"/> is not positive and finite.</exception>
    public static double Evaluate<T>(ReadOnlySpan<T> observations, ReadOnlySpan<T> predictions, ReadOnlySpan<bool> mask, double sigma, Span<T> gradient)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckSigma(sigma, nameof(sigma));
        Reparameterization.CheckLength(predictions.Length, observations.Length, nameof(predictions));
        if (!mask.IsEmpty)
        {
            Reparameterization.CheckLength(mask.Length, observations.Length, nameof(mask));
        }

        if (!gradient.IsEmpty)
        {
            Reparameterization.CheckLength(gradient.Length, observations.Length, nameof(gradient));
        }

        double inverseVariance = 1 / (sigma * sigma), constant = Math.Log(sigma) + HalfLogTwoPi;
        double total = 0;
        for (int k = 0; k < observations.Length; k++)
        {
            if (!mask.IsEmpty && !mask[k])
            {
                continue;
            }

            double residual = double.CreateChecked(observations[k]) - double.CreateChecked(predictions[k]);
            total -= (0.5 * residual * residual * inverseVariance) + constant;
            if (!gradient.IsEmpty)
            {
                gradient[k] += T.CreateChecked(residual * inverseVariance);
            }
        }

        return total;
    }

    /// <summary>Throws unless an observation standard deviation is positive and finite.</summary>
    internal static void CheckSigma(double sigma, string name)
    {
        if (!(sigma > 0) || !double.IsFinite(sigma))
        {
            throw new ArgumentException($"{name} must be positive and finite, but it is {sigma.ToString("R", CultureInfo.InvariantCulture)}.", name);
        }
    }
}
