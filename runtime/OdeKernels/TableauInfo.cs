using System;
using System.Collections.Generic;
using System.ComponentModel;

namespace OdeKernels;

/// <summary>The coefficients and properties of a Runge-Kutta method, as declared and validated at compile time.</summary>
/// <remarks>Thread safety: immutable; safe to share between threads.</remarks>
public sealed class TableauInfo
{
    /// <summary>
    /// Creates the description of a tableau. Infrastructure for generated code; not for direct use. The generated
    /// <see cref="IRungeKuttaTableau.Info"/> of every <see cref="ButcherTableauAttribute"/> struct calls it with the
    /// coefficients the generator validated; it stays public (hidden from IntelliSense) because that code is compiled
    /// into the user's assembly. Users read a tableau through its <c>Info</c>.
    /// </summary>
    /// <param name="name">The method's type name.</param>
    /// <param name="order">The order of the solution weights.</param>
    /// <param name="embeddedOrder">The order of the embedded weights (0 when there are none).</param>
    /// <param name="isFsal">Whether the last stage is evaluated at the new solution ("first same as last").</param>
    /// <param name="c">The nodes.</param>
    /// <param name="a">The strictly lower triangle of A, row by row for rows 2..s.</param>
    /// <param name="b">The solution weights.</param>
    /// <param name="bHat">The embedded weights, or null.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public TableauInfo(string name, int order, int embeddedOrder, bool isFsal, double[] c, double[] a, double[] b, double[]? bHat)
        : this(name, order, embeddedOrder, isFsal, c, a, b, bHat, null, 0)
    {
    }

    /// <summary>
    /// Creates the description of a tableau that declares its own continuous extension
    /// (<see cref="ButcherTableauAttribute.Dense"/>). Infrastructure for generated code; not for direct use.
    /// </summary>
    /// <param name="name">The method's type name.</param>
    /// <param name="order">The order of the solution weights.</param>
    /// <param name="embeddedOrder">The order of the embedded weights (0 when there are none).</param>
    /// <param name="isFsal">Whether the last stage is evaluated at the new solution ("first same as last").</param>
    /// <param name="c">The nodes.</param>
    /// <param name="a">The strictly lower triangle of A, row by row for rows 2..s.</param>
    /// <param name="b">The solution weights.</param>
    /// <param name="bHat">The embedded weights, or null.</param>
    /// <param name="dense">The dense-output weights' polynomial coefficients, stage by stage (θ¹..θᵈ), or null.</param>
    /// <param name="denseOrder">The order of the declared interpolant.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public TableauInfo(string name, int order, int embeddedOrder, bool isFsal, double[] c, double[] a, double[] b, double[]? bHat, double[]? dense, int denseOrder)
        : this(name, order, embeddedOrder, isFsal, c, a, b, bHat, dense, denseOrder, Array.Empty<double>(), Array.Empty<double>())
    {
    }

    /// <summary>
    /// Creates the description of a tableau whose continuous extension needs extra stages
    /// (<see cref="ButcherTableauAttribute.ExtraC"/>, <see cref="ButcherTableauAttribute.ExtraA"/>). Infrastructure for
    /// generated code; not for direct use.
    /// </summary>
    /// <param name="name">The method's type name.</param>
    /// <param name="order">The order of the solution weights.</param>
    /// <param name="embeddedOrder">The order of the embedded weights (0 when there are none).</param>
    /// <param name="isFsal">Whether the last stage is evaluated at the new solution ("first same as last").</param>
    /// <param name="c">The nodes.</param>
    /// <param name="a">The strictly lower triangle of A, row by row for rows 2..s.</param>
    /// <param name="b">The solution weights.</param>
    /// <param name="bHat">The embedded weights, or null.</param>
    /// <param name="dense">The dense-output weights' polynomial coefficients, stage by stage (θ¹..θᵈ) over the stages and then the extra stages, or null.</param>
    /// <param name="denseOrder">The order of the declared interpolant.</param>
    /// <param name="extraC">The extra stages' nodes (empty for none).</param>
    /// <param name="extraA">The extra stages' rows, extra stage e (0-based) with s + e coefficients.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public TableauInfo(string name, int order, int embeddedOrder, bool isFsal, double[] c, double[] a, double[] b, double[]? bHat, double[]? dense, int denseOrder, double[] extraC, double[] extraA)
    {
        ArgumentNullException.ThrowIfNull(extraC);
        ArgumentNullException.ThrowIfNull(extraA);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (b.Length != c.Length || a.Length != c.Length * (c.Length - 1) / 2 || (bHat is not null && bHat.Length != c.Length))
        {
            throw new ArgumentException($"Tableau '{name}' has inconsistent coefficient lengths: C {c.Length}, A {a.Length}, B {b.Length}, BHat {bHat?.Length}.", nameof(a));
        }

        Name = name;
        Stages = c.Length;
        Order = order;
        EmbeddedOrder = embeddedOrder;
        IsFsal = isFsal;
        C = c;
        A = a;
        B = b;
        BHat = bHat;
        int extras = extraC.Length, rows = c.Length + extras;
        if ((extras > 0 && dense is null) || extraA.Length != (extras * c.Length) + (extras * (extras - 1) / 2))
        {
            throw new ArgumentException($"Tableau '{name}' has {extras} extra stages with {extraA.Length} coefficients (extra stage e needs s + e − 1, s = {c.Length}) and {(dense is null ? "no" : "its own")} dense output.", nameof(extraA));
        }

        if (dense is not null && (dense.Length == 0 || dense.Length % rows != 0))
        {
            throw new ArgumentException($"Tableau '{name}' has {dense.Length} dense-output coefficients, not a whole row per stage ({c.Length} stages and {extras} extra stages).", nameof(dense));
        }

        Dense = dense;
        DenseCoefficients = dense;
        SolutionWeights = b;
        ExtraC = extraC;
        ExtraA = extraA;
        ExtraNodes = extraC;
        ExtraRows = extraA;
        ExtraStages = extras;
        DenseDegree = dense is null ? 3 : dense.Length / rows;
        // Cubic Hermite through y, f, y_new, f_new is exact for cubics, so its local error is O(h⁴) on top of the
        // step's own O(h^(p+1)): order min(p, 3) (Hairer, Nørsett and Wanner, Solving ODEs I, §II.6).
        DenseOrder = dense is null ? Math.Min(order, 3) : denseOrder;
    }

    /// <summary>The method's type name.</summary>
    public string Name { get; }

    /// <summary>The number of stages s.</summary>
    /// <remarks>Stored, not read through <see cref="C"/>'s interface: solvers ask for it on every call.</remarks>
    public int Stages { get; }

    /// <summary>The order of the solution weights.</summary>
    public int Order { get; }

    /// <summary>The order of the embedded weights (0 when there are none).</summary>
    public int EmbeddedOrder { get; }

    /// <summary>Whether the method carries embedded weights, so that it can adapt its step.</summary>
    public bool HasEmbedded => BHat is not null;

    /// <summary>Whether the last stage is f at the new solution, so it serves as the next step's first stage.</summary>
    public bool IsFsal { get; }

    /// <summary>The nodes c₁..cₛ.</summary>
    public IReadOnlyList<double> C { get; }

    /// <summary>The strictly lower triangle of A, row by row for rows 2..s.</summary>
    public IReadOnlyList<double> A { get; }

    /// <summary>The solution weights.</summary>
    public IReadOnlyList<double> B { get; }

    /// <summary>The embedded weights, or null.</summary>
    public IReadOnlyList<double>? BHat { get; }

    /// <summary>
    /// The method's own continuous extension, as declared by <see cref="ButcherTableauAttribute.Dense"/>: stage i's
    /// coefficients of θ¹..θᵈ (d = <see cref="DenseDegree"/>) in bᵢ(θ); null when the method interpolates with cubic
    /// Hermite.
    /// </summary>
    public IReadOnlyList<double>? Dense { get; }

    /// <summary><see cref="Dense"/> as an array, for the interpolation loop (no interface call per coefficient).</summary>
    internal double[]? DenseCoefficients { get; }

    /// <summary><see cref="B"/> as an array, for the interpolation loop.</summary>
    internal double[] SolutionWeights { get; }

    /// <summary>
    /// The number of extra stages the method's own continuous extension evaluates after an accepted step with a save
    /// time inside it (0 for most methods; 6 for Vern7).
    /// </summary>
    public int ExtraStages { get; }

    /// <summary>The extra stages' nodes (<see cref="ButcherTableauAttribute.ExtraC"/>; empty for none).</summary>
    public IReadOnlyList<double> ExtraC { get; }

    /// <summary>The extra stages' rows (<see cref="ButcherTableauAttribute.ExtraA"/>): extra stage e (0-based) has s + e coefficients.</summary>
    public IReadOnlyList<double> ExtraA { get; }

    /// <summary><see cref="ExtraC"/> as an array, for the extra-stage loop.</summary>
    internal double[] ExtraNodes { get; }

    /// <summary><see cref="ExtraA"/> as an array, for the extra-stage loop.</summary>
    internal double[] ExtraRows { get; }

    /// <summary>Where extra stage <paramref name="e"/>'s (0-based) row starts in <see cref="ExtraA"/>.</summary>
    internal int ExtraRowStart(int e) => (e * Stages) + (e * (e - 1) / 2);

    /// <summary>Whether <see cref="SaveMode.Interpolate"/> uses the method's own interpolant (else cubic Hermite).</summary>
    public bool HasDense => Dense is not null;

    /// <summary>The polynomial degree of the dense output in θ (3 for cubic Hermite).</summary>
    public int DenseDegree { get; }

    /// <summary>The order of the dense output: declared with <see cref="Dense"/>, else min(<see cref="Order"/>, 3) for cubic Hermite.</summary>
    public int DenseOrder { get; }

    /// <summary>Returns aᵢⱼ (0-based, j &lt; i); 0 on or above the diagonal.</summary>
    /// <param name="i">The 0-based row.</param>
    /// <param name="j">The 0-based column.</param>
    public double GetA(int i, int j) => j < i ? A[(i * (i - 1) / 2) + j] : 0.0;
}
