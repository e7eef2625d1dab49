using System;
using System.Collections.Generic;
using OdeKernels.Checkpoints;
using OdeKernels.Training;

namespace OdeKernels.Examples.LatentOde;

/// <summary>Returns the parameters of one network, in place.</summary>
/// <typeparam name="T">float or double.</typeparam>
/// <returns>The network's parameter span.</returns>
/// <remarks>Thread safety: as the network it reads.</remarks>
public delegate Span<T> ParameterView<T>();

/// <summary>
/// What the latent ODE example's models share as <see cref="IGradientObjective{T}"/>s for the one <see cref="Trainer{T}"/>:
/// several networks (encoder cell, encoder head, dynamics, decoder…) trained as one parameter vector, their
/// concatenation in the order the views are given, copied into the networks before every evaluation; a minibatch of
/// series drawn with replacement from the run's random stream (so a resumed run draws what the uninterrupted run
/// draws); and one flat checkpoint tensor (<see cref="ModelCheckpoint.FlatName"/>). The loss is the subclass's.
/// </summary>
/// <typeparam name="TData">The data set.</typeparam>
/// <typeparam name="T">float or double.</typeparam>
/// <remarks>Thread safety: not thread-safe; it trains its networks in place; one trainer at a time.</remarks>
public abstract class SeriesFit<TData, T> : IGradientObjective<T>
    where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
{
    private readonly ParameterView<T>[] _views;
    private readonly T[] _parameters;

    /// <summary>Concatenates the networks' current parameters.</summary>
    /// <param name="data">The training data.</param>
    /// <param name="count">The number of items (series) in <paramref name="data"/>.</param>
    /// <param name="batchSize">Items per iteration (positive); the whole set, in order, when it is at least <paramref name="count"/>.</param>
    /// <param name="views">The networks' parameters, in the order of the flat vector.</param>
    protected SeriesFit(TData data, int count, int batchSize, params ParameterView<T>[] views)
    {
        ArgumentNullException.ThrowIfNull(views);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        Data = data;
        Count = count;
        BatchSize = batchSize;
        _views = views;
        var all = new List<T>();
        foreach (ParameterView<T> view in views)
        {
            all.AddRange(view().ToArray());
        }

        _parameters = [.. all];
    }

    /// <summary>The training data.</summary>
    public TData Data { get; }

    /// <summary>The number of items.</summary>
    public int Count { get; }

    /// <summary>Items per iteration.</summary>
    public int BatchSize { get; }

    /// <inheritdoc/>
    public abstract string ModelName { get; }

    /// <inheritdoc/>
    public abstract string Tableau { get; }

    /// <inheritdoc/>
    public abstract AdjointMethod Adjoint { get; }

    /// <inheritdoc/>
    public int ParameterCount => _parameters.Length;

    /// <inheritdoc/>
    public Span<T> Parameters => _parameters;

    /// <summary>Copies the flat parameters into the networks (done before every evaluation; call it before using the networks after training).</summary>
    public void Scatter()
    {
        int at = 0;
        foreach (ParameterView<T> view in _views)
        {
            Span<T> target = view();
            _parameters.AsSpan(at, target.Length).CopyTo(target);
            at += target.Length;
        }
    }

    /// <inheritdoc/>
    public TrainingStep Gradient(long iteration, TrainingRandom random, Span<T> gradient)
    {
        ArgumentNullException.ThrowIfNull(random);
        Scatter();
        bool whole = BatchSize >= Count;
        var batch = new int[whole ? Count : BatchSize];
        for (int j = 0; j < batch.Length; j++)
        {
            batch[j] = whole ? j : random.NextInt32(Count);
        }

        gradient.Clear();
        double loss = Evaluate(batch, random, gradient);
        return new TrainingStep(loss, false, 0, 0, 0, 0);
    }

    /// <summary>Never stops the run.</summary>
    /// <param name="iterations">The iterations completed.</param>
    /// <returns>null.</returns>
    public TrainingStopReason? AfterStep(long iterations) => null;

    /// <inheritdoc/>
    public IReadOnlyList<SafeTensor> ToTensors() => ModelCheckpoint.ToTensors<T>(_parameters, null);

    /// <inheritdoc/>
    public Action Restore(SafeTensorsFile file, IReadOnlyList<string> otherPrefixes)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(otherPrefixes);
        var restored = new T[_parameters.Length];
        ModelCheckpoint.Restore<T>(file, restored, null, [.. otherPrefixes]);
        return () =>
        {
            restored.CopyTo(_parameters, 0);
            Scatter();
        };
    }

    /// <summary>
    /// The mean loss per item over the batch <paramref name="batch"/> (indices into the data) at the networks' current
    /// parameters; its gradient goes into <paramref name="gradient"/> (cleared), in the flat layout.
    /// </summary>
    /// <param name="batch">The items.</param>
    /// <param name="random">The run's random stream (for ε).</param>
    /// <param name="gradient">Receives the mean gradient.</param>
    /// <returns>The mean loss.</returns>
    protected abstract double Evaluate(int[] batch, TrainingRandom random, Span<T> gradient);

    /// <summary>Writes the networks' gradients one after another into <paramref name="gradient"/>, each scaled by <paramref name="scale"/>.</summary>
    /// <param name="gradient">The flat gradient.</param>
    /// <param name="scale">The factor (1 / batch size for a mean).</param>
    /// <param name="parts">The gradients in the order of the views.</param>
    protected static void Gather(Span<T> gradient, T scale, params T[][] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        int at = 0;
        foreach (T[] part in parts)
        {
            for (int q = 0; q < part.Length; q++)
            {
                gradient[at + q] = part[q] * scale;
            }

            at += part.Length;
        }
    }
}
