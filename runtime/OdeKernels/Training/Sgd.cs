using System;
using System.Numerics;

namespace OdeKernels.Training;

/// <summary>
/// Stochastic gradient descent with optional heavy-ball or Nesterov momentum, effectively computing
/// <c>b ← μ·b + g</c>, then <c>θ -= lr · b</c>, or with Nesterov <c>θ -= lr · (g + μ·b)</c> (the PyTorch formulation,
/// Sutskever et al. 2013). With μ = 0 it is plain <c>θ -= lr · g</c> and keeps no state.
/// </summary>
/// <typeparam name="T">The floating-point type of the parameters.</typeparam>
/// <remarks>Thread safety: not thread-safe; Step changes its momentum buffer; use it from one thread at a
/// time.</remarks>
public sealed class Sgd<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the optimizer with a zero momentum buffer and <see cref="Optimizer{T}.StepCount"/> 0.</summary>
    /// <param name="parameterCount">The number of parameters (positive).</param>
    /// <param name="momentum">μ, in [0, 1); 0 for plain gradient descent.</param>
    /// <param name="nesterov">Whether to use Nesterov momentum (needs μ &gt; 0).</param>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it and its value.</exception>
    public Sgd(int parameterCount, double momentum = 0, bool nesterov = false)
        : base(parameterCount, momentum > 0 ? ["momentum"] : [])
    {
        TrainingArguments.UnitInterval(momentum, nameof(momentum));
        if (nesterov && momentum == 0)
        {
            throw new ArgumentException("nesterov is true, but Nesterov momentum needs momentum > 0, and momentum is 0.", nameof(nesterov));
        }

        Momentum = momentum;
        Nesterov = nesterov;
    }

    /// <summary>μ, the momentum.</summary>
    public double Momentum { get; }

    /// <summary>Whether the step uses Nesterov momentum.</summary>
    public bool Nesterov { get; }

    private protected override void Update(Span<T> parameters, ReadOnlySpan<T> gradient, double learningRate, long step)
    {
        T lr = T.CreateChecked(learningRate);
        if (Momentum == 0)
        {
            for (int i = 0; i < parameters.Length; i++)
            {
                parameters[i] -= lr * gradient[i];
            }

            return;
        }

        T mu = T.CreateChecked(Momentum);
        Span<T> buffer = Buffer(0);
        for (int i = 0; i < parameters.Length; i++)
        {
            T b = (mu * buffer[i]) + gradient[i];
            buffer[i] = b;
            parameters[i] -= lr * (Nesterov ? gradient[i] + (mu * b) : b);
        }
    }
}
