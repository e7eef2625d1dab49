using System;
using OdeKernels;
using OdeKernels.Tests.Dynamics;

namespace OdeKernels.Tests.Divergence;

/// <summary>
/// The <c>Divergence = true</c> test networks by name, and the float64 references they are checked against: central
/// finite differences of f (for J·v and tr ∂f/∂y) and of the scalars whose gradients the vector–Jacobian products
/// are (for those), all through the generated single-lane calls.
/// </summary>
internal static class DivergenceTestData
{
    public static TheoryData<string> DoubleNetworks => new() { "OneLayer", "Time", "Pointwise", "Relu", "Wide" };

    public static IDivergenceSystem<double> Double(string name, int seed) => name switch
    {
        "OneLayer" => new DivergenceOneLayer64(seed),
        "Time" => new DivergenceTime64(seed),
        "Pointwise" => new DivergencePointwise64(seed),
        "Relu" => new DivergenceRelu64(seed),
        "Wide" => new DivergenceWide64(seed),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such network"),
    };

    public static TheoryData<string> FloatNetworks => new() { "Time", "Pointwise" };

    /// <summary>A float network and its double twin with the same parameters (the float ones, widened).</summary>
    public static (IDivergenceSystem<float> Float, IDivergenceSystem<double> Double) Twins(string name, int seed)
    {
        IDivergenceSystem<float> single = name switch
        {
            "Time" => new DivergenceTime(seed),
            "Pointwise" => new DivergencePointwise(seed),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such network"),
        };
        double[] parameters = DynamicsTestData.ToDouble<float>(single.Parameters);
        IDivergenceSystem<double> twin = name == "Time" ? new DivergenceTime64(parameters) : new DivergencePointwise64(parameters);
        return (single, twin);
    }

    /// <summary>f at one state, through the single-lane forward pass.</summary>
    public static double[] F(IDivergenceSystem<double> net, double t, double[] y)
    {
        var f = new double[net.StateSize];
        net.Evaluate(t, y, f);
        return f;
    }

    /// <summary>(f(y + h v) − f(y − h v)) / 2h: J v by central differences.</summary>
    public static double[] JvByDifferences(IDivergenceSystem<double> net, double t, double[] y, double[] v)
    {
        double h = 1e-6 * Math.Max(1.0, DynamicsTestData.Norm(y));
        double[] plus = (double[])y.Clone(), minus = (double[])y.Clone();
        for (int c = 0; c < y.Length; c++)
        {
            plus[c] += h * v[c];
            minus[c] -= h * v[c];
        }

        double[] fp = F(net, t, plus), fm = F(net, t, minus);
        var jv = new double[y.Length];
        for (int c = 0; c < y.Length; c++)
        {
            jv[c] = (fp[c] - fm[c]) / (2 * h);
        }

        return jv;
    }

    /// <summary>Σ_c ∂f_c/∂y_c by central differences, one component at a time.</summary>
    public static double DivergenceByDifferences(IDivergenceSystem<double> net, double t, double[] y)
    {
        double sum = 0;
        for (int c = 0; c < y.Length; c++)
        {
            var unit = new double[y.Length];
            unit[c] = 1;
            sum += JvByDifferences(net, t, y, unit)[c];
        }

        return sum;
    }

    /// <summary>The generated divergence (and f) of one state.</summary>
    public static double ExactDivergence(IDivergenceSystem<double> net, double t, double[] y)
    {
        var f = new double[net.StateSize];
        var divergence = new double[1];
        net.EvaluateWithDivergenceBatch(new[] { t }, y, f, divergence, 1, 1);
        return divergence[0];
    }

    /// <summary>The generated J vᵣ of one state for m directions laid out direction-major (as one lane at stride 1).</summary>
    public static double[] Jvp(IDivergenceSystem<double> net, double t, double[] y, double[] v, int m)
    {
        var f = new double[net.StateSize];
        var jv = new double[v.Length];
        net.EvaluateWithJvpBatch(new[] { t }, y, v, f, jv, m, 1, 1);
        return jv;
    }

    /// <summary>
    /// The gradients of <paramref name="scalar"/>(y) with respect to y and θ by central differences (θ perturbed in
    /// place through <c>Parameters</c> and restored).
    /// </summary>
    public static (double[] Dy, double[] Dtheta) Gradients(IDivergenceSystem<double> net, double[] y, Func<double[], double> scalar) =>
        (FiniteDifferences.StateGradient(y, scalar), FiniteDifferences.ParameterGradient(net, () => scalar(y)));

    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }
}
