using System;
using System.Collections.Generic;
using System.IO;
using System.Numerics;
using OdeKernels.Checkpoints;
using OdeKernels.Networks;
using OdeKernels.Training;

namespace OdeKernels.Models;

/// <summary>
/// A network trained on a data set, as a <see cref="Trainer{T}"/> trains it: minibatches of samples through the
/// network (a generated one, or an <see cref="OdeModel{TStem, TDynamics, TTableau, THead, T}"/>), the loss, the VJP.
/// Iteration i is batch <c>i mod B</c> of epoch <c>⌊i / B⌋ + 1</c>, with B batches per epoch; each epoch first shuffles the
/// sample order (Fisher-Yates from the run's <see cref="TrainingRandom"/>, applied to the previous epoch's order), and
/// after its last step the whole data set is scored (<see cref="EpochLoss"/>), which may stop the run. This is what
/// <see cref="NetworkTraining.Fit{T}"/> runs; through a <see cref="Trainer{T}"/> the same fit gets checkpoints, resume,
/// metrics and an observer. The checkpoint holds the parameters (a model's parts under <c>stem.</c>, <c>ode.</c> and
/// <c>head.</c>, a network's by its <see cref="INetwork{T}.Layers"/>) and the sample order (<see cref="OrderTensor"/>),
/// so a run resumed mid-epoch takes the batches the interrupted one would have.
/// </summary>
/// <typeparam name="T">The floating-point type.</typeparam>
/// <remarks>Thread safety: not thread-safe; it keeps the batch buffers and trains the network in place; one trainer at a
/// time. For a generated network nothing is allocated after the first epoch.</remarks>
public sealed class SampleFit<T> : IGradientObjective<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The name of the checkpoint tensor of the sample order (I64, one index per sample).</summary>
    public const string OrderTensor = "data.order";

    private readonly INetwork<T> _network;
    private readonly SampleLoss<T> _loss;
    private readonly T[] _inputs;
    private readonly int _count;
    private readonly int _batch;
    private readonly double? _lossTarget;
    private readonly Func<int, double, bool>? _onEpoch;
    private readonly int[] _order;
    private readonly int[] _all;
    private readonly T[] _x;
    private readonly T[] _y;
    private readonly T[] _dy;
    private readonly T[] _outputs;
    private readonly T[] _dOutputs;

    /// <summary>Creates the fit; the inputs are copied.</summary>
    /// <param name="network">The network or model to train (in place).</param>
    /// <param name="inputs">The inputs of the data set, sample after sample.</param>
    /// <param name="count">The number of samples (positive).</param>
    /// <param name="loss">The loss with the data set's targets.</param>
    /// <param name="batchSize">Samples per optimizer step (positive; the last batch of an epoch may be smaller).</param>
    /// <param name="lossTarget">Stop after the first epoch whose loss over the whole data set is below this; null for no target.</param>
    /// <param name="onEpoch">Called after every epoch with its number (1-based) and loss; returning false stops the run. May change the network (for example a model's solver).</param>
    /// <exception cref="ArgumentException">A size does not match, or is out of range.</exception>
    public SampleFit(
        INetwork<T> network, ReadOnlySpan<T> inputs, int count, SampleLoss<T> loss, int batchSize = 32, double? lossTarget = null, Func<int, double, bool>? onEpoch = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (inputs.Length != (long)count * network.Inputs)
        {
            throw new ArgumentException($"inputs has {inputs.Length} values, but {count} samples of {network.Inputs} need {(long)count * network.Inputs}.", nameof(inputs));
        }

        // The fit keeps the outputs of the whole data set (to score each epoch), count × Outputs values in one array.
        long outputValues = (long)count * network.Outputs;
        if (outputValues > Solving.BufferLimits.MaxElements)
        {
            throw Solving.BufferLimits.TooLarge(nameof(count), $"the outputs of the whole data set, count × Outputs = {count} × {network.Outputs}", outputValues, "Train on fewer samples.");
        }

        _network = network;
        _loss = loss;
        _inputs = inputs.ToArray();
        _count = count;
        _batch = Math.Min(batchSize, count);
        _lossTarget = lossTarget;
        _onEpoch = onEpoch;
        BatchesPerEpoch = (count + _batch - 1) / _batch;
        _order = new int[count];
        _all = new int[count];
        for (int i = 0; i < count; i++)
        {
            _order[i] = _all[i] = i;
        }

        int n = network.Inputs, m = network.Outputs;
        _x = new T[_batch * n];
        _y = new T[_batch * m];
        _dy = new T[_batch * m];
        _outputs = new T[count * m];
        _dOutputs = new T[count * m];
    }

    /// <summary>The network being trained.</summary>
    public INetwork<T> Network => _network;

    /// <summary>The optimizer steps of one epoch.</summary>
    public int BatchesPerEpoch { get; }

    /// <summary>The last epoch scored (1-based), or 0 before the first ends.</summary>
    public int Epoch { get; private set; }

    /// <summary>The loss over the whole data set after the last epoch, or NaN before the first ends.</summary>
    public double EpochLoss { get; private set; } = double.NaN;

    /// <summary>
    /// The most threads a batch of a network that states its block size (<see cref="ILaneBlockSize"/>) runs on: 0 (the
    /// default) for every core. The blocks, and so the result's bits, do not depend on it. A model with an ODE block
    /// takes its threads from its solver's <see cref="SolverOptions.MaxDegreeOfParallelism"/> instead.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int MaxDegreeOfParallelism
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(MaxDegreeOfParallelism));
            field = value;
        }
    }

    /// <summary>The network's type name, without the generic arity.</summary>
    public string ModelName => TrainingCheckpoint.PlainName(_network.GetType());

    /// <summary>The model's Runge-Kutta method, or <c>none</c> for a network without an ODE block.</summary>
    public string Tableau => _network is ISolvingNetwork<T> solving ? solving.Tableau : "none";

    /// <summary>The model's adjoint, or <see cref="AdjointMethod.Direct"/> (plain backpropagation) for a network without an ODE block.</summary>
    public AdjointMethod Adjoint => _network is ISolvingNetwork<T> solving ? solving.Adjoint : AdjointMethod.Direct;

    /// <inheritdoc/>
    public int ParameterCount => _network.ParameterCount;

    /// <inheritdoc/>
    public Span<T> Parameters => _network.Parameters;

    /// <inheritdoc/>
    public TrainingStep Gradient(long iteration, TrainingRandom random, Span<T> gradient)
    {
        ArgumentNullException.ThrowIfNull(random);
        int position = (int)(iteration % BatchesPerEpoch);
        if (position == 0)
        {
            for (int i = _count - 1; i > 0; i--)
            {
                int j = random.NextInt32(i + 1);
                (_order[i], _order[j]) = (_order[j], _order[i]);
            }
        }

        int n = _network.Inputs, m = _network.Outputs, start = position * _batch;
        int size = Math.Min(_batch, _count - start);
        ReadOnlySpan<int> samples = _order.AsSpan(start, size);
        for (int k = 0; k < size; k++)
        {
            _inputs.AsSpan(samples[k] * n, n).CopyTo(_x.AsSpan(k * n));
        }

        double loss;
        SolverStats forward = default, backward = default;
        gradient.Clear();
        if (_network is ISolvingNetwork<T> model)
        {
            // One forward solve of the block for the loss and the gradient together (Forward then Vjp would solve it
            // again inside a Direct or Checkpointed adjoint).
            loss = model.LossAndGradient(_x.AsSpan(0, size * n), size, _y, _dy, () => _loss.Evaluate(_y.AsSpan(0, size * m), _order.AsSpan(start, size), _dy.AsSpan(0, size * m)), gradient);
            (forward, backward) = (model.ForwardStats, model.BackwardStats);
        }
        else
        {
            NetworkBlocks.Forward(_network, _x.AsSpan(0, size * n), _y.AsSpan(0, size * m), size, MaxDegreeOfParallelism);
            loss = _loss.Evaluate(_y.AsSpan(0, size * m), samples, _dy.AsSpan(0, size * m));
            NetworkBlocks.Vjp(_network, _x.AsSpan(0, size * n), _dy.AsSpan(0, size * m), default, gradient, size, MaxDegreeOfParallelism);
        }

        return new TrainingStep(loss, false, forward.Evaluations, backward.Evaluations, forward.AcceptedSteps, forward.RejectedSteps);
    }

    /// <summary>At the end of an epoch, scores the whole data set and stops at the loss target or when the epoch callback says so.</summary>
    /// <param name="iterations">The iterations completed.</param>
    /// <returns><see cref="TrainingStopReason.LossTarget"/>, <see cref="TrainingStopReason.Cancelled"/> (the callback returned false), or null.</returns>
    public TrainingStopReason? AfterStep(long iterations)
    {
        if (iterations % BatchesPerEpoch != 0)
        {
            return null;
        }

        Epoch = (int)(iterations / BatchesPerEpoch);
        NetworkBlocks.Forward(_network, _inputs, _outputs, _count, MaxDegreeOfParallelism);
        EpochLoss = _loss.Evaluate(_outputs, _all, _dOutputs);
        if (_lossTarget is { } target && EpochLoss < target)
        {
            _ = _onEpoch?.Invoke(Epoch, EpochLoss);
            return TrainingStopReason.LossTarget;
        }

        return _onEpoch is not null && !_onEpoch(Epoch, EpochLoss) ? TrainingStopReason.Cancelled : null;
    }

    /// <inheritdoc/>
    public IReadOnlyList<SafeTensor> ToTensors()
    {
        var tensors = new List<SafeTensor>(_network is ISolvingNetwork<T> solving
            ? solving.ToTensors()
            : ModelCheckpoint.ToTensors<T>(_network.Parameters, OwnLayers()));
        var order = new long[_count];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = _order[i];
        }

        tensors.Add(SafeTensor.FromInt64(OrderTensor, order, [_count]));
        return tensors;
    }

    /// <inheritdoc/>
    public Action Restore(SafeTensorsFile file, IReadOnlyList<string> otherPrefixes)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(otherPrefixes);
        var parameters = _network.Parameters.ToArray();
        if (_network is ISolvingNetwork<T> solving)
        {
            solving.RestoreInto(file, parameters);
        }
        else
        {
            ModelCheckpoint.Restore<T>(file, parameters, OwnLayers(), [.. otherPrefixes, OrderTensor]);
        }

        int[] order = RestoreOrder(file);
        return () =>
        {
            parameters.CopyTo(_network.Parameters);
            order.CopyTo(_order, 0);
        };
    }

    private IReadOnlyList<DynamicsLayer>? OwnLayers() => _network.Layers.Count == 0 ? null : _network.Layers;

    /// <summary>The stored order, which must be a permutation of the samples.</summary>
    private int[] RestoreOrder(SafeTensorsFile file)
    {
        if (!file.TryGetTensor(OrderTensor, out SafeTensor? tensor) || tensor.DType != SafeTensorDType.I64 || tensor.ElementCount != _count)
        {
            throw new InvalidDataException($"The checkpoint lacks the I64 tensor '{OrderTensor}' of the {_count} samples' order.");
        }

        long[] stored = tensor.ToInt64Array();
        var seen = new bool[_count];
        var order = new int[_count];
        for (int i = 0; i < stored.Length; i++)
        {
            if (stored[i] < 0 || stored[i] >= _count || seen[stored[i]])
            {
                throw new InvalidDataException($"The checkpoint's '{OrderTensor}' is not an order of the {_count} samples: entry {i} is {stored[i]}.");
            }

            seen[stored[i]] = true;
            order[i] = (int)stored[i];
        }

        return order;
    }
}
