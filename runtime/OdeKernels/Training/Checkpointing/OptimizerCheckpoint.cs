using System;
using System.Collections.Generic;
using System.Numerics;
using OdeKernels.Checkpoints;

namespace OdeKernels.Training;

/// <summary>
/// Stores an optimizer's state as checkpoint tensors and restores it, so a resumed run takes bit for bit the steps the
/// interrupted one would have: each buffer of <see cref="IOptimizer{T}.State"/> becomes an F32 or F64 tensor named
/// <c>{prefix}{buffer}</c>, and <see cref="IOptimizer{T}.StepCount"/> an I64 scalar <c>{prefix}step</c>.
/// </summary>
/// <remarks>Thread safety: safe to call concurrently for distinct optimizers; restoring changes the optimizer it is
/// given.</remarks>
public static class OptimizerCheckpoint
{
    /// <summary>The name of the step-count tensor, after the prefix.</summary>
    public const string StepName = "step";

    /// <summary>The optimizer's state as tensors (copies).</summary>
    /// <typeparam name="T">The floating-point type (float or double).</typeparam>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="prefix">Put before every tensor name, so the state can share a file with the parameters.</param>
    /// <returns>One tensor per buffer, and the step count.</returns>
    public static IReadOnlyList<SafeTensor> ToTensors<T>(IOptimizer<T> optimizer, string prefix = "optimizer.")
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(prefix);
        var tensors = new List<SafeTensor> { SafeTensor.FromInt64(prefix + StepName, [optimizer.StepCount], []) };
        foreach ((string name, T[] values) in optimizer.State)
        {
            tensors.Add(SafeTensor.FromFloatingPoint<T>(prefix + name, values));
        }

        return tensors;
    }

    /// <summary>Restores the optimizer's state from the tensors <see cref="ToTensors"/> stored.</summary>
    /// <typeparam name="T">The floating-point type (float or double); it must match the stored dtype.</typeparam>
    /// <param name="optimizer">The optimizer, created with the same settings and parameter count.</param>
    /// <param name="file">The checkpoint.</param>
    /// <param name="prefix">The prefix given to <see cref="ToTensors"/>.</param>
    /// <exception cref="KeyNotFoundException">A tensor the optimizer needs is missing from the file.</exception>
    /// <exception cref="InvalidOperationException">A stored tensor has another element type than <typeparamref name="T"/>.</exception>
    /// <exception cref="ArgumentException">The stored state does not fit the optimizer (see <see cref="IOptimizer{T}.LoadState"/>).</exception>
    public static void Restore<T>(IOptimizer<T> optimizer, SafeTensorsFile file, string prefix = "optimizer.")
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(prefix);
        SafeTensor step = file[prefix + StepName];
        long[] stepValues = step.ToInt64Array();
        if (stepValues.Length != 1)
        {
            throw new ArgumentException($"tensor '{prefix + StepName}' must hold one value, but it holds {stepValues.Length}.", nameof(file));
        }

        var state = new List<(string Name, T[] Values)>();
        foreach ((string name, _) in optimizer.State)
        {
            state.Add((name, file[prefix + name].ToFloatingPointArray<T>()));
        }

        optimizer.LoadState(state, stepValues[0]);
    }
}
