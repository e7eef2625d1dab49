using System;
using System.Globalization;
using System.Numerics;
using OdeKernels.Solving;

namespace OdeKernels.Adjoints;

/// <summary>
/// Where an adjoint gets dL/dy: given up front, or from a loss function applied to the forward solution it has just
/// computed (so training needs one forward solve per gradient, not two).
/// </summary>
internal ref struct Cotangents<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ReadOnlySpan<T> _given;
    private readonly LossFunction<T>? _loss;

    private Cotangents(ReadOnlySpan<T> given, LossFunction<T>? loss)
    {
        _given = given;
        _loss = loss;
        Loss = double.NaN;
    }

    /// <summary>The loss the function returned (NaN for given cotangents).</summary>
    public double Loss { get; private set; }

    public static Cotangents<T> Given(ReadOnlySpan<T> dLdY) => new(dLdY, null);

    public static Cotangents<T> From(LossFunction<T> loss) => new(default, loss);

    /// <summary>dL/dy for <paramref name="forward"/>: the given values, or the loss function's, checked finite.</summary>
    public ReadOnlySpan<T> Resolve(Solution<T> forward)
    {
        if (_loss is null)
        {
            return _given;
        }

        T[] dLdY = BufferLimits.Allocate<T>(forward.States.Length, "dL/dy for the loss function (saves × lanes × StateSize)");
        Loss = _loss(forward, dLdY);
        for (int i = 0; i < dLdY.Length; i++)
        {
            if (!T.IsFinite(dLdY[i]))
            {
                throw new ArgumentException($"The loss function wrote a non-finite dLdY[{i}] = {dLdY[i].ToString(null, CultureInfo.InvariantCulture)}.", "loss");
            }
        }

        return dLdY;
    }
}
