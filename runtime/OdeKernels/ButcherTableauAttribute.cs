using System;

namespace OdeKernels;

/// <summary>
/// Declares an explicit Runge-Kutta method by its Butcher tableau. The source generator validates the tableau at
/// compile time (consistency and the declared orders, through every rooted tree up to that order) and emits a fused,
/// lane-vectorised step into the partial struct, which then implements <see cref="IRungeKuttaTableau"/>.
/// </summary>
/// <remarks>
/// Coefficients are attribute constants, so fractions may be written as constant expressions (<c>1.0 / 3</c>); the
/// generator prints them back with round-trip precision.
/// <para>Thread safety: read by the source generator at compile time; it has no run-time state.</para>
/// </remarks>
[AttributeUsage(AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class ButcherTableauAttribute : Attribute
{
    /// <summary>The nodes c₁..cₛ (one per stage; c₁ must be 0 for an explicit method).</summary>
    public double[] C { get; set; } = Array.Empty<double>();

    /// <summary>The strictly lower triangle of the Runge-Kutta matrix, row by row for rows 2..s (row i has i-1 entries).</summary>
    public double[] A { get; set; } = Array.Empty<double>();

    /// <summary>The solution weights b₁..bₛ.</summary>
    public double[] B { get; set; } = Array.Empty<double>();

    /// <summary>The embedded weights b̂₁..b̂ₛ used for the error estimate; null for a method without one (fixed steps only).</summary>
    public double[]? BHat { get; set; }

    /// <summary>The classical order of the solution weights <see cref="B"/> (1..8); checked by the generator.</summary>
    public int Order { get; set; }

    /// <summary>The order of the embedded weights <see cref="BHat"/>; checked by the generator when <see cref="BHat"/> is given.</summary>
    public int EmbeddedOrder { get; set; }

    /// <summary>
    /// The method's own continuous extension (dense output), for <see cref="SaveMode.Interpolate"/>: the weights
    /// bᵢ(θ) = Σₘ dᵢₘ θᵐ (m = 1..d) of u(t + θh) = y + h Σᵢ bᵢ(θ) kᵢ, row by row per stage (stage i's d coefficients of
    /// θ¹..θᵈ), so (s + e)·d values with e = the length of <see cref="ExtraC"/> (the extra stages' rows follow the s
    /// stages'). At θ = 1 they must give <see cref="B"/> (and 0 for the extra stages). Null (the default) interpolates
    /// with the cubic Hermite polynomial through y, f(t, y), y_new and f(t + h, y_new).
    /// </summary>
    public double[]? Dense { get; set; }

    /// <summary>The order of the interpolant declared by <see cref="Dense"/> (its local error is O(h^(order+1))).</summary>
    public int DenseOrder { get; set; }

    /// <summary>
    /// The nodes of the extra stages that the continuous extension <see cref="Dense"/> needs beyond the step's s stages
    /// (Verner's interpolants, for example); empty (the default) for none. They are evaluated only after an accepted
    /// step with a save time inside it. Needs <see cref="Dense"/>.
    /// </summary>
    public double[] ExtraC { get; set; } = Array.Empty<double>();

    /// <summary>
    /// The rows of the extra stages, extra stage e (1-based) after the s stages having s + e − 1 coefficients: its
    /// input is y + h (Σⱼ aⱼkⱼ) over the s stages and the extra stages before it, so e·s + e(e − 1)/2 values in all.
    /// </summary>
    public double[] ExtraA { get; set; } = Array.Empty<double>();
}
