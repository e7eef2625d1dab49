using System;
using System.Numerics;

namespace OdeKernels.Training;

/// <summary>
/// Adam (Kingma &amp; Ba 2015, Algorithm 1): exponential moving averages <c>m</c> of the gradient and <c>v</c> of its
/// square, with bias correction, effectively computing
/// <c>θ -= lr · m̂ / (√v̂ + ε)</c> with <c>m̂ = m / (1 − β₁ᵗ)</c> and <c>v̂ = v / (1 − β₂ᵗ)</c>.
/// </summary>
/// <typeparam name="T">The floating-point type of the parameters.</typeparam>
/// <remarks>Thread safety: not thread-safe; Step changes its moment estimates; use it from one thread at a
/// time.</remarks>
public sealed class Adam<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the optimizer with zero moments and <see cref="Optimizer{T}.StepCount"/> 0.</summary>
    /// <param name="parameterCount">The number of parameters (positive).</param>
    /// <param name="beta1">β₁, the decay of the first moment, in [0, 1).</param>
    /// <param name="beta2">β₂, the decay of the second moment, in [0, 1).</param>
    /// <param name="epsilon">ε, added to √v̂ so the step stays bounded where v̂ is tiny (finite, positive).</param>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it and its value.</exception>
    public Adam(int parameterCount, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
        : base(parameterCount, "m", "v")
    {
        TrainingArguments.UnitInterval(beta1, nameof(beta1));
        TrainingArguments.UnitInterval(beta2, nameof(beta2));
        TrainingArguments.Positive(epsilon, nameof(epsilon));
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
    }

    /// <summary>β₁, the decay of the first moment <c>m</c>.</summary>
    public double Beta1 { get; }

    /// <summary>β₂, the decay of the second moment <c>v</c>.</summary>
    public double Beta2 { get; }

    /// <summary>ε, added to √v̂ in the denominator.</summary>
    public double Epsilon { get; }

    private protected override void Update(Span<T> parameters, ReadOnlySpan<T> gradient, double learningRate, long step) =>
        Apply(parameters, gradient, Buffer(0), Buffer(1), learningRate, step, Beta1, Beta2, Epsilon);

    /// <summary>The Adam update, shared with <see cref="AdamW{T}"/>.</summary>
    internal static void Apply(Span<T> parameters, ReadOnlySpan<T> gradient, Span<T> m, Span<T> v, double learningRate, long step, double beta1, double beta2, double epsilon)
    {
        // The bias corrections in double: in float, 1 − β₂ᵗ for β₂ = 0.999 loses digits in the first steps.
        // The order of operations follows PyTorch (denominator √v / √(1 − β₂ᵗ) + ε), so runs can be compared with it.
        double correction1 = 1 - Math.Pow(beta1, step);
        double correction2 = 1 - Math.Pow(beta2, step);
        T b1 = T.CreateChecked(beta1), oneMinusB1 = T.CreateChecked(1 - beta1);
        T b2 = T.CreateChecked(beta2), oneMinusB2 = T.CreateChecked(1 - beta2);
        T stepSize = T.CreateChecked(learningRate / correction1);
        T sqrtCorrection2 = T.CreateChecked(Math.Sqrt(correction2));
        T eps = T.CreateChecked(epsilon);
        for (int i = 0; i < parameters.Length; i++)
        {
            T g = gradient[i];
            T mi = (b1 * m[i]) + (oneMinusB1 * g);
            T vi = (b2 * v[i]) + (oneMinusB2 * g * g);
            m[i] = mi;
            v[i] = vi;
            parameters[i] -= stepSize * mi / ((T.Sqrt(vi) / sqrtCorrection2) + eps);
        }
    }
}
