using System;
using System.Numerics;

namespace OdeKernels.Training;

/// <summary>
/// AdamW (Loshchilov &amp; Hutter 2019, Algorithm 2): Adam with weight decay decoupled from the gradient, effectively
/// computing <c>θ ← θ · (1 − lr · λ)</c> and then the <see cref="Adam{T}"/> step. The decay is scaled by the learning
/// rate (their schedule multiplier ηₜ), as PyTorch does, so a schedule decays both together.
/// </summary>
/// <typeparam name="T">The floating-point type of the parameters.</typeparam>
/// <remarks>Thread safety: not thread-safe; Step changes its moment estimates; use it from one thread at a
/// time.</remarks>
public sealed class AdamW<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the optimizer with zero moments and <see cref="Optimizer{T}.StepCount"/> 0.</summary>
    /// <param name="parameterCount">The number of parameters (positive).</param>
    /// <param name="weightDecay">λ, the decoupled weight decay (finite, non-negative).</param>
    /// <param name="beta1">β₁, the decay of the first moment, in [0, 1).</param>
    /// <param name="beta2">β₂, the decay of the second moment, in [0, 1).</param>
    /// <param name="epsilon">ε, added to √v̂ (finite, positive).</param>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it and its value.</exception>
    public AdamW(int parameterCount, double weightDecay = 0.01, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
        : base(parameterCount, "m", "v")
    {
        TrainingArguments.NonNegative(weightDecay, nameof(weightDecay));
        TrainingArguments.UnitInterval(beta1, nameof(beta1));
        TrainingArguments.UnitInterval(beta2, nameof(beta2));
        TrainingArguments.Positive(epsilon, nameof(epsilon));
        WeightDecay = weightDecay;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
    }

    /// <summary>λ, the decoupled weight decay.</summary>
    public double WeightDecay { get; }

    /// <summary>β₁, the decay of the first moment <c>m</c>.</summary>
    public double Beta1 { get; }

    /// <summary>β₂, the decay of the second moment <c>v</c>.</summary>
    public double Beta2 { get; }

    /// <summary>ε, added to √v̂ in the denominator.</summary>
    public double Epsilon { get; }

    private protected override void CheckLearningRate(double learningRate)
    {
        // lr · λ ≥ 1 would zero or flip the sign of every parameter.
        if (learningRate * WeightDecay >= 1)
        {
            throw new ArgumentException($"learningRate × weightDecay must be below 1, but learningRate is {TrainingArguments.Format(learningRate)} and weightDecay {TrainingArguments.Format(WeightDecay)}.", nameof(learningRate));
        }
    }

    private protected override void Update(Span<T> parameters, ReadOnlySpan<T> gradient, double learningRate, long step)
    {
        if (WeightDecay > 0)
        {
            T keep = T.CreateChecked(1 - (learningRate * WeightDecay));
            for (int i = 0; i < parameters.Length; i++)
            {
                parameters[i] *= keep;
            }
        }

        Adam<T>.Apply(parameters, gradient, Buffer(0), Buffer(1), learningRate, step, Beta1, Beta2, Epsilon);
    }
}
