using System;

namespace OdeKernels;

/// <summary>
/// Group normalisation of a feature map (Wu and He, 2018), PyTorch's <c>nn.GroupNorm(groups, channels, eps=1e-5)</c>
/// with its learned per-channel affine transform: the channels are split into <see cref="Groups"/> consecutive groups,
/// each group of one sample is normalised to mean 0 and (biased) variance 1, x̂ = (x − μ)/√(σ² + 10⁻⁵), and channel c
/// becomes γ_c·x̂ + β_c. Parameters: weight γ [channels] (starting at 1), then bias β [channels] (starting at 0), as in
/// PyTorch; they draw nothing from the seed stream. Chen et al.'s ODE-Net normalises with it between convolutions.
/// </summary>
/// <remarks>Thread safety: read by the source generator at compile time; it has no run-time state.</remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class GroupNormAttribute : Attribute
{
    /// <summary>Creates a group-normalisation layer.</summary>
    /// <param name="groups">The number of groups; must divide the number of channels.</param>
    public GroupNormAttribute(int groups) => Groups = groups;

    /// <summary>The number of groups.</summary>
    public int Groups { get; }
}
