using System;
using System.Numerics;
using OdeKernels;

namespace OdeKernels.Tests.Dynamics;

/// <summary>Random inputs and layout helpers shared by the dynamics tests.</summary>
internal static class DynamicsTestData
{
    /// <summary>Values uniform in [−scale, scale], rounded to <typeparamref name="T"/>.</summary>
    public static T[] Uniform<T>(Random random, int length, double scale)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var values = new T[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = T.CreateTruncating(scale * ((2 * random.NextDouble()) - 1));
        }

        return values;
    }

    public static double[] ToDouble<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = double.CreateTruncating(values[i]);
        }

        return result;
    }

    /// <summary>Component c of lane i of a component-major batch.</summary>
    public static T[] Lane<T>(ReadOnlySpan<T> batch, int lane, int stateSize, int stride)
    {
        var values = new T[stateSize];
        for (int c = 0; c < stateSize; c++)
        {
            values[c] = batch[(c * stride) + lane];
        }

        return values;
    }

    /// <summary>The max-norm of a vector.</summary>
    public static double Norm(ReadOnlySpan<double> values)
    {
        double max = 0;
        foreach (double v in values)
        {
            max = Math.Max(max, Math.Abs(v));
        }

        return max;
    }

    /// <summary>aᵀ f(t, y) in double, through the generated single-lane forward pass.</summary>
    public static double Project(IOdeSystem<double> system, double t, double[] y, double[] a)
    {
        var f = new double[system.StateSize];
        system.Evaluate(t, y, f);
        double sum = 0;
        for (int c = 0; c < f.Length; c++)
        {
            sum += a[c] * f[c];
        }

        return sum;
    }

    /// <summary>The generated networks in double with their hand-written reference, for tests over all of them.</summary>
    public static TheoryData<string> DoubleNetworks => new() { "Spiral", "Time", "NoBias", "Pointwise", "Mixed", "Block" };

    public static (IBatchedDifferentiableSystem<double> Network, ReferenceNetwork Reference) Double(string name, int seed) => name switch
    {
        "Spiral" => (new SpiralNet64(seed), ReferenceNetwork.Spiral),
        "Time" => (new TimeNet64(seed), ReferenceNetwork.Time),
        "NoBias" => (new NoBiasNet64(seed), ReferenceNetwork.NoBias),
        "Pointwise" => (new PointwiseNet64(seed), ReferenceNetwork.PointwiseMix),
        "Mixed" => (new MixedNet64(seed), ReferenceNetwork.Mixed),
        "Block" => (new BlockNet64(seed), ReferenceNetwork.Block),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    public static TheoryData<string> FloatNetworks => new() { "Spiral", "Time", "Mixed", "Block" };

    public static (IBatchedDifferentiableSystem<float> Network, ReferenceNetwork Reference) Float(string name, int seed) => name switch
    {
        "Spiral" => (new SpiralNet(seed), ReferenceNetwork.Spiral),
        "Time" => (new TimeNet(seed), ReferenceNetwork.Time),
        "Mixed" => (new MixedNet(seed), ReferenceNetwork.Mixed),
        "Block" => (new BlockNet(seed), ReferenceNetwork.Block),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };
}
