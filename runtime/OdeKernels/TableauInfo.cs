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
    {
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

    /// <summary>Returns aᵢⱼ (0-based, j &lt; i); 0 on or above the diagonal.</summary>
    /// <param name="i">The 0-based row.</param>
    /// <param name="j">The 0-based column.</param>
    public double GetA(int i, int j) => j < i ? A[(i * (i - 1) / 2) + j] : 0.0;
}
