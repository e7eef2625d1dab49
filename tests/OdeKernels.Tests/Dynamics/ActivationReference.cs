using System;
using OdeKernels;

namespace OdeKernels.Tests.Dynamics;

/// <summary>
/// The activations and their derivatives in float64, each written so that it keeps its relative accuracy over the
/// whole range (no cancellation, no overflow on the way), from the C library's exp, log, tanh, cosh, sin and cos
/// (correctly rounded or within an ulp or two): a reference far finer than float32 and within a few float64 ulp.
/// The formulas differ from the kernels' where they can (tanh' from cosh, log1p by a correction term).
/// </summary>
internal static class ActivationReference
{
    private static readonly double GeluSlope = 2 * Math.Sqrt(2 / Math.PI);

    public static double Value(Activation activation, double x) => activation switch
    {
        Activation.Identity => x,
        Activation.Tanh => Math.Tanh(x),
        Activation.Relu => x > 0 ? x : 0,
        Activation.Softplus => Math.Max(x, 0) + Log1P(Math.Exp(-Math.Abs(x))),
        Activation.Sigmoid => Sigmoid(x),
        Activation.Silu => x * Sigmoid(x),
        Activation.Gelu => x * Sigmoid(GeluArgument(x)),
        Activation.Sin => Math.Sin(x),
        Activation.Cube => x * x * x,
        _ => throw new ArgumentOutOfRangeException(nameof(activation)),
    };

    public static double Derivative(Activation activation, double x)
    {
        switch (activation)
        {
            case Activation.Identity:
                return 1;
            case Activation.Tanh:
                // sech²x with sech x = 2e^(−|x|) / (1 + e^(−2|x|)): no overflow, and subnormal where it should be.
                double sech = 2 * Math.Exp(-Math.Abs(x)) / (1 + Math.Exp(-2 * Math.Abs(x)));
                return sech * sech;
            case Activation.Relu:
                return x > 0 ? 1 : 0;
            case Activation.Softplus:
                return Sigmoid(x);
            case Activation.Sigmoid:
                return Sigmoid(x) * Sigmoid(-x);
            case Activation.Silu:
                return Sigmoid(x) * (1 + (x * Sigmoid(-x)));
            case Activation.Gelu:
                double s = GeluArgument(x);
                return Sigmoid(s) + GeluSlopeTerm(x, s);
            case Activation.Sin:
                return Math.Cos(x);
            case Activation.Cube:
                return 3 * x * x;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation));
        }
    }

    /// <summary>
    /// What an error in the value is judged against: |value|, except for GELU, whose tail x·σ(s) ≈ x·eˢ moves by |s|
    /// ulp when s = 2√(2/π)(x + 0.044715x³) moves by one ulp (as rounding its constants to the working precision
    /// already does): there, (1 + |s|)·|value|.
    /// </summary>
    public static double ValueScale(Activation activation, double x) =>
        Math.Abs(Value(activation, x)) * (activation == Activation.Gelu ? 1 + Math.Abs(GeluArgument(x)) : 1);

    /// <summary>
    /// What an error in the derivative is judged against: the size of the terms it sums where they cancel (silu' and
    /// gelu' have zeros, where no formula in the working precision does better), times 1 + |s| for GELU (see
    /// <see cref="ValueScale"/>); elsewhere |derivative|.
    /// </summary>
    public static double DerivativeScale(Activation activation, double x) => activation switch
    {
        Activation.Silu => Sigmoid(x) * (1 + Math.Abs(x * Sigmoid(-x))),
        Activation.Gelu => (Sigmoid(GeluArgument(x)) + Math.Abs(GeluSlopeTerm(x, GeluArgument(x)))) * (1 + Math.Abs(GeluArgument(x))),
        _ => Math.Abs(Derivative(activation, x)),
    };

    /// <summary>σ(x), as 1/(1 + e⁻ˣ) or eˣ/(1 + eˣ), whichever has no overflow and no cancellation.</summary>
    public static double Sigmoid(double x)
    {
        double e = Math.Exp(-Math.Abs(x));
        return x >= 0 ? 1 / (1 + e) : e / (1 + e);
    }

    /// <summary>2u of the tanh form of GELU: 0.5x(1 + tanh u) = x·σ(2u).</summary>
    private static double GeluArgument(double x) => GeluSlope * (x + (0.044715 * x * x * x));

    /// <summary>x·σ'(s)·s' of gelu' (0 where σ'(s) underflows, also where x·s' would overflow).</summary>
    private static double GeluSlopeTerm(double x, double s)
    {
        double sp = Sigmoid(s) * Sigmoid(-s);
        return sp == 0 ? 0 : x * sp * GeluSlope * (1 + (3 * 0.044715 * x * x));
    }

    /// <summary>log(1 + e) for e ≥ 0: log(u) corrected by the rounding of u = 1 + e, ((u − 1) − e)/u (exact to first order).</summary>
    private static double Log1P(double e)
    {
        double u = 1 + e;
        return u == 1 ? e : Math.Log(u) - (((u - 1) - e) / u);
    }
}
