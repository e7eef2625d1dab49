using System;
using System.Collections.Generic;
using System.Numerics;

namespace OdeKernels.Training;

/// <summary>
/// The bookkeeping every optimizer shares: argument checks, the step count, and named per-parameter buffers that
/// <see cref="State"/> exports and <see cref="LoadState"/> restores.
/// </summary>
/// <typeparam name="T">The floating-point type of the parameters.</typeparam>
/// <remarks>Thread safety: not thread-safe; Step and LoadState change the moment buffers and StepCount; one optimizer
/// per trained system, used from one thread at a time.</remarks>
public abstract class Optimizer<T> : IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly string[] _bufferNames;
    private readonly T[][] _buffers;

    private protected Optimizer(int parameterCount, params string[] bufferNames)
    {
        if (parameterCount <= 0)
        {
            throw new ArgumentException($"parameterCount must be positive, but it is {parameterCount}.", nameof(parameterCount));
        }

        ParameterCount = parameterCount;
        _bufferNames = bufferNames;
        _buffers = new T[bufferNames.Length][];
        for (int b = 0; b < bufferNames.Length; b++)
        {
            _buffers[b] = new T[parameterCount];
        }
    }

    /// <inheritdoc/>
    public int ParameterCount { get; }

    /// <inheritdoc/>
    public long StepCount { get; private set; }

    /// <inheritdoc/>
    public IReadOnlyList<(string Name, T[] Values)> State
    {
        get
        {
            var state = new (string Name, T[] Values)[_buffers.Length];
            for (int b = 0; b < _buffers.Length; b++)
            {
                state[b] = (_bufferNames[b], (T[])_buffers[b].Clone());
            }

            return state;
        }
    }

    /// <inheritdoc/>
    public void Step(Span<T> parameters, ReadOnlySpan<T> gradient, double learningRate)
    {
        TrainingArguments.Length<T>(parameters, ParameterCount, nameof(parameters), "ParameterCount");
        TrainingArguments.Length(gradient, ParameterCount, nameof(gradient), "ParameterCount");
        TrainingArguments.Positive(learningRate, nameof(learningRate));
        CheckLearningRate(learningRate);

        // Checked before any buffer changes: one NaN would otherwise poison the moments for the rest of the run.
        TrainingArguments.Finite(gradient, nameof(gradient));
        StepCount++;
        Update(parameters, gradient, learningRate, StepCount);
    }

    /// <inheritdoc/>
    public void LoadState(IReadOnlyList<(string Name, T[] Values)> state, long stepCount)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (stepCount < 0)
        {
            throw new ArgumentException($"stepCount must be non-negative, but it is {stepCount}.", nameof(stepCount));
        }

        var found = new T[_buffers.Length][];
        foreach ((string name, T[] values) in state)
        {
            int b = Array.IndexOf(_bufferNames, name);
            if (b < 0)
            {
                throw new ArgumentException($"state holds an unknown buffer '{name}'; {GetType().Name} has [{string.Join(", ", _bufferNames)}].", nameof(state));
            }

            if (found[b] is not null)
            {
                throw new ArgumentException($"state holds the buffer '{name}' twice.", nameof(state));
            }

            ArgumentNullException.ThrowIfNull(values, $"state['{name}']");
            if (values.Length != ParameterCount)
            {
                throw new ArgumentException($"state buffer '{name}' must hold ParameterCount = {ParameterCount} values, but its length is {values.Length}.", nameof(state));
            }

            TrainingArguments.Finite<T>(values, $"state['{name}']");
            found[b] = values;
        }

        for (int b = 0; b < _buffers.Length; b++)
        {
            if (found[b] is null)
            {
                throw new ArgumentException($"state lacks the buffer '{_bufferNames[b]}' that {GetType().Name} needs.", nameof(state));
            }
        }

        for (int b = 0; b < _buffers.Length; b++)
        {
            found[b].AsSpan().CopyTo(_buffers[b]);
        }

        StepCount = stepCount;
    }

    /// <summary>Applies the update of step <paramref name="step"/> (1-based) to arguments already checked.</summary>
    /// <param name="parameters">The parameters, updated in place.</param>
    /// <param name="gradient">The finite gradient.</param>
    /// <param name="learningRate">The positive learning rate.</param>
    /// <param name="step">The 1-based number of this step (<see cref="StepCount"/> after it).</param>
    private protected abstract void Update(Span<T> parameters, ReadOnlySpan<T> gradient, double learningRate, long step);

    /// <summary>A further check of the learning rate that depends on the optimizer's settings.</summary>
    /// <param name="learningRate">The positive learning rate.</param>
    private protected virtual void CheckLearningRate(double learningRate)
    {
    }

    /// <summary>The buffer with index <paramref name="index"/> in the order of the constructor's names.</summary>
    /// <param name="index">The 0-based index.</param>
    private protected Span<T> Buffer(int index) => _buffers[index];
}
