using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Numerics;
using System.Runtime.InteropServices;

namespace OdeKernels.Checkpoints;

/// <summary>
/// A network's parameters as named checkpoint tensors, in the naming of PyTorch's <c>nn.Sequential</c> state dicts:
/// dense layer k (its 0-based index among all the layer attributes, pointwise ones included, as the generated
/// <c>Layers</c> lists them) stores <c>{k}.weight</c> with shape <c>[outputs, inputs]</c> (plus one column for the time
/// input) and <c>{k}.bias</c> with shape <c>[outputs]</c>; a recurrent cell stores PyTorch's <c>nn.GRUCell</c> /
/// <c>nn.RNNCell</c> names <c>{k}.weight_ih</c>, <c>{k}.weight_hh</c>, <c>{k}.bias_ih</c>, <c>{k}.bias_hh</c>. Without a layer description the parameters are one
/// tensor <see cref="FlatName"/>.
/// </summary>
/// <remarks>Thread safety: safe to call concurrently; Restore writes only the parameter span it is given.</remarks>
public static class ModelCheckpoint
{
    /// <summary>The name of the single tensor that holds the parameters of a system without a layer description.</summary>
    public const string FlatName = "parameters";

    /// <summary>The name of the weight tensor of layer <paramref name="layer"/>.</summary>
    /// <param name="layer">The 0-based index of the layer among all the layers.</param>
    public static string WeightName(int layer) => layer.ToString(CultureInfo.InvariantCulture) + ".weight";

    /// <summary>The name of the bias tensor of layer <paramref name="layer"/>.</summary>
    /// <param name="layer">The 0-based index of the layer among all the layers.</param>
    public static string BiasName(int layer) => layer.ToString(CultureInfo.InvariantCulture) + ".bias";

    /// <summary>The parameters as tensors (copies), named and shaped by <paramref name="layers"/>.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="parameters">The parameters in the generated layout.</param>
    /// <param name="layers">The network's layers, or null for one flat tensor.</param>
    /// <returns>The tensors.</returns>
    /// <exception cref="ArgumentException">The layers' parameters do not add up to the number of parameters.</exception>
    public static IReadOnlyList<SafeTensor> ToTensors<T>(ReadOnlySpan<T> parameters, IReadOnlyList<DynamicsLayer>? layers)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var tensors = new List<SafeTensor>();
        if (layers is null)
        {
            tensors.Add(Tensor(FlatName, parameters, [parameters.Length]));
            return tensors;
        }

        CheckLayout(layers, parameters.Length);
        foreach ((string name, long[] shape, int offset) in Expected(layers))
        {
            tensors.Add(Tensor(name, parameters.Slice(offset, (int)Count(shape)), shape));
        }

        return tensors;
    }

    /// <summary>
    /// Copies the parameters stored in <paramref name="file"/> into <paramref name="parameters"/>, after checking every
    /// expected tensor's presence, element type and shape, that no other parameter tensor is there (names outside
    /// <paramref name="otherPrefixes"/>), and that every value is finite. Nothing is copied unless all checks pass.
    /// </summary>
    /// <typeparam name="T">float or double; the stored element type must match.</typeparam>
    /// <param name="file">The checkpoint.</param>
    /// <param name="parameters">Receives the parameters in the generated layout.</param>
    /// <param name="layers">The network's layers, or null for one flat tensor.</param>
    /// <param name="otherPrefixes">Prefixes of tensors that are not parameters (for example <c>optimizer.</c>).</param>
    /// <exception cref="InvalidDataException">The file's parameters do not fit the model; the message names the tensor, the expected and the stored shape or type.</exception>
    public static void Restore<T>(SafeTensorsFile file, Span<T> parameters, IReadOnlyList<DynamicsLayer>? layers, params string[] otherPrefixes)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(otherPrefixes);
        var expected = new List<(string Name, long[] Shape, int Offset)>();
        if (layers is null)
        {
            expected.Add((FlatName, [parameters.Length], 0));
        }
        else
        {
            CheckLayout(layers, parameters.Length);
            expected.AddRange(Expected(layers));
        }

        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach ((string name, _, _) in expected)
        {
            known.Add(name);
        }

        foreach (SafeTensor tensor in file.Tensors)
        {
            if (!known.Contains(tensor.Name) && !HasAnyPrefix(tensor.Name, otherPrefixes))
            {
                throw new InvalidDataException($"The checkpoint holds a parameter tensor '{tensor.Name}' that the model does not have; the model's are [{string.Join(", ", known)}].");
            }
        }

        SafeTensorDType dtype = typeof(T) == typeof(float) ? SafeTensorDType.F32 : SafeTensorDType.F64;
        var values = new T[expected.Count][];
        for (int i = 0; i < expected.Count; i++)
        {
            (string name, long[] shape, _) = expected[i];
            if (!file.TryGetTensor(name, out SafeTensor? tensor))
            {
                throw new InvalidDataException($"The checkpoint lacks the parameter tensor '{name}' (shape {Format(shape)}) of the model.");
            }

            if (tensor.DType != dtype)
            {
                throw new InvalidDataException($"The checkpoint's tensor '{name}' holds {tensor.DType}, but the model's parameters are {dtype}.");
            }

            if (!SameShape(tensor.Shape, shape))
            {
                throw new InvalidDataException($"The checkpoint's tensor '{name}' has shape {Format(tensor.Shape)}, but the model needs {Format(shape)}.");
            }

            values[i] = tensor.ToFloatingPointArray<T>();
            for (int j = 0; j < values[i].Length; j++)
            {
                if (!T.IsFinite(values[i][j]))
                {
                    throw new InvalidDataException($"The checkpoint's tensor '{name}' holds a non-finite value at flat index {j}.");
                }
            }
        }

        for (int i = 0; i < expected.Count; i++)
        {
            values[i].CopyTo(parameters[expected[i].Offset..]);
        }
    }

    /// <summary>
    /// The parameter tensors of <paramref name="layers"/>, in order: per dense, convolution (weight [out, in, k, k]) or
    /// group-norm layer k its weight and bias, per
    /// recurrent cell (PyTorch's <c>nn.GRUCell</c> / <c>nn.RNNCell</c> state dict) <c>{k}.weight_ih</c> [G·H, I],
    /// <c>{k}.weight_hh</c> [G·H, H], <c>{k}.bias_ih</c> and <c>{k}.bias_hh</c> [G·H], G the gates.
    /// </summary>
    private static IEnumerable<(string Name, long[] Shape, int Offset)> Expected(IReadOnlyList<DynamicsLayer> layers)
    {
        for (int k = 0; k < layers.Count; k++)
        {
            DynamicsLayer layer = layers[k];
            if (layer.Kind == DynamicsLayerKind.Dense)
            {
                yield return (WeightName(k), [layer.Outputs, layer.WeightColumns], layer.WeightOffset);
                if (layer.Bias)
                {
                    yield return (BiasName(k), [layer.Outputs], layer.BiasOffset);
                }
            }
            else if (layer.Kind == DynamicsLayerKind.Conv2d && layer.InputShape is { } input && layer.OutputShape is { } output)
            {
                // PyTorch's nn.Conv2d state dict: weight [out, in, kh, kw] (in counts the time channel, first), bias [out].
                yield return (WeightName(k), [output.Channels, input.Channels + (layer.TimeInput ? 1 : 0), layer.Kernel, layer.Kernel], layer.WeightOffset);
                if (layer.Bias)
                {
                    yield return (BiasName(k), [output.Channels], layer.BiasOffset);
                }
            }
            else if (layer.Kind == DynamicsLayerKind.GroupNorm && layer.InputShape is { } normalised)
            {
                // PyTorch's nn.GroupNorm state dict: weight γ and bias β, [channels] each.
                yield return (WeightName(k), [normalised.Channels], layer.WeightOffset);
                yield return (BiasName(k), [normalised.Channels], layer.BiasOffset);
            }
            else if (layer.Gates > 0)
            {
                int rows = layer.Gates * layer.Outputs;
                string prefix = k.ToString(CultureInfo.InvariantCulture) + ".";
                yield return (prefix + "weight_ih", [rows, layer.Inputs], layer.WeightOffset);
                yield return (prefix + "weight_hh", [rows, layer.Outputs], layer.WeightOffset + (rows * layer.Inputs));
                if (layer.Bias)
                {
                    yield return (prefix + "bias_ih", [rows], layer.BiasOffset);
                    yield return (prefix + "bias_hh", [rows], layer.BiasOffset + rows);
                }
            }
        }
    }

    private static long Count(long[] shape)
    {
        long count = 1;
        foreach (long extent in shape)
        {
            count *= extent;
        }

        return count;
    }

    private static void CheckLayout(IReadOnlyList<DynamicsLayer> layers, int parameterCount)
    {
        int total = 0;
        foreach (DynamicsLayer layer in layers)
        {
            total += layer.ParameterCount;
        }

        if (total != parameterCount)
        {
            throw new ArgumentException($"The layers hold {total} parameters, but the model has {parameterCount}: they describe another network.", nameof(layers));
        }
    }

    private static SafeTensor Tensor<T>(string name, ReadOnlySpan<T> values, ReadOnlySpan<long> shape)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            return SafeTensor.FromSingle(name, MemoryMarshal.Cast<T, float>(values), shape);
        }

        if (typeof(T) == typeof(double))
        {
            return SafeTensor.FromDouble(name, MemoryMarshal.Cast<T, double>(values), shape);
        }

        throw new NotSupportedException($"Only float and double parameters can be stored, not {typeof(T).Name}.");
    }

    private static bool HasAnyPrefix(string name, string[] prefixes)
    {
        foreach (string prefix in prefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool SameShape(IReadOnlyList<long> stored, long[] expected)
    {
        if (stored.Count != expected.Length)
        {
            return false;
        }

        for (int i = 0; i < expected.Length; i++)
        {
            if (stored[i] != expected[i])
            {
                return false;
            }
        }

        return true;
    }

    private static string Format(IReadOnlyList<long> shape) => "[" + string.Join(", ", shape) + "]";
}
