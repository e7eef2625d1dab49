using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using OdeKernels.Checkpoints;

namespace OdeKernels.Models;

public sealed partial class OdeModel<TStem, TDynamics, TTableau, THead, T>
{
    /// <summary>The prefix of the stem's checkpoint tensors.</summary>
    public const string StemPrefix = "stem.";

    /// <summary>The prefix of the dynamics' checkpoint tensors.</summary>
    public const string OdePrefix = "ode.";

    /// <summary>The prefix of the head's checkpoint tensors.</summary>
    public const string HeadPrefix = "head.";

    /// <summary>
    /// The parameters as checkpoint tensors: each part as <see cref="ModelCheckpoint"/> names it (<c>{k}.weight</c>,
    /// <c>{k}.bias</c> by its layers, or one <c>parameters</c> tensor without them), prefixed with <c>stem.</c>,
    /// <c>ode.</c> or <c>head.</c>; a part without parameters stores nothing.
    /// </summary>
    /// <returns>The tensors (copies).</returns>
    public IReadOnlyList<SafeTensor> ToTensors()
    {
        var tensors = new List<SafeTensor>();
        foreach ((string prefix, int offset, int count, IReadOnlyList<DynamicsLayer>? layers) in Parts())
        {
            if (count == 0)
            {
                continue;
            }

            foreach (SafeTensor tensor in ModelCheckpoint.ToTensors<T>(_parameters.AsSpan(offset, count), layers))
            {
                tensors.Add(Renamed(tensor, prefix + tensor.Name));
            }
        }

        return tensors;
    }

    /// <summary>Writes <see cref="ToTensors"/> to a safetensors file (atomically, with its SHA-256).</summary>
    /// <param name="path">The file to create or replace; its directory must exist.</param>
    /// <param name="metadata">String metadata to store; null for none.</param>
    public void SaveCheckpoint(string path, IReadOnlyDictionary<string, string>? metadata = null) =>
        SafeTensorsFile.Write(path, ToTensors(), metadata);

    /// <summary>Restores the parameters from a file written by <see cref="SaveCheckpoint"/> (checked before anything changes).</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="InvalidDataException">The file is corrupt or its tensors do not fit the model; the message names the tensor.</exception>
    public void LoadCheckpoint(string path) => Restore(SafeTensorsFile.Read(path));

    /// <summary>
    /// Restores the parameters from checkpoint tensors: every part's tensors must be present with the right element
    /// type and shape and finite values, and no other <c>stem.</c>, <c>ode.</c> or <c>head.</c> tensor may be there.
    /// Nothing changes unless every check passes.
    /// </summary>
    /// <param name="file">The checkpoint.</param>
    /// <exception cref="InvalidDataException">The tensors do not fit the model; the message names the part and the tensor.</exception>
    public void Restore(SafeTensorsFile file)
    {
        var restored = (T[])_parameters.Clone();
        RestoreInto(file, restored);
        restored.CopyTo(_parameters, 0);
        SyncParts();
    }

    /// <summary>Checks the tensors as <see cref="Restore"/> does and writes them into <paramref name="restored"/> (the layout of <see cref="Parameters"/>), leaving the model as it is.</summary>
    void ISolvingNetwork<T>.RestoreInto(SafeTensorsFile file, Span<T> restored) => RestoreInto(file, restored);

    private void RestoreInto(SafeTensorsFile file, Span<T> restored)
    {
        ArgumentNullException.ThrowIfNull(file);
        foreach ((string prefix, int offset, int count, IReadOnlyList<DynamicsLayer>? layers) in Parts())
        {
            SafeTensor[] mine = file.Tensors.Where(t => t.Name.StartsWith(prefix, StringComparison.Ordinal))
                .Select(t => Renamed(t, t.Name[prefix.Length..])).ToArray();
            if (count == 0)
            {
                if (mine.Length > 0)
                {
                    throw new InvalidDataException($"The checkpoint holds '{prefix}{mine[0].Name}', but the model's {prefix.TrimEnd('.')} has no parameters.");
                }

                continue;
            }

            // A layered part stored as one flat tensor is the layout models of earlier versions wrote when their
            // dynamics' layers were not passed by hand: read it as such, so that their checkpoints keep loading.
            IReadOnlyList<DynamicsLayer>? stored = mine.Length == 1 && mine[0].Name == ModelCheckpoint.FlatName ? null : layers;

            // The part's tensors, unprefixed, in a file of their own: ModelCheckpoint checks names, types, shapes and values.
            SafeTensorsFile part = SafeTensorsFile.Parse(SafeTensorsFile.Serialize(mine), requireChecksum: false);
            try
            {
                ModelCheckpoint.Restore<T>(part, restored.Slice(offset, count), stored);
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"{prefix.TrimEnd('.')}: {e.Message}", e);
            }
        }
    }

    private IEnumerable<(string Prefix, int Offset, int Count, IReadOnlyList<DynamicsLayer>? Layers)> Parts()
    {
        yield return (StemPrefix, 0, Stem.ParameterCount, NullIfEmpty(Stem.Layers));
        yield return (OdePrefix, Stem.ParameterCount, Dynamics.ParameterCount, DynamicsLayers);
        yield return (HeadPrefix, Stem.ParameterCount + Dynamics.ParameterCount, Head.ParameterCount, NullIfEmpty(Head.Layers));
    }

    private static IReadOnlyList<DynamicsLayer>? NullIfEmpty(IReadOnlyList<DynamicsLayer> layers) => layers.Count == 0 ? null : layers;

    private static SafeTensor Renamed(SafeTensor tensor, string name)
    {
        long[] shape = tensor.Shape.ToArray();
        return tensor.DType switch
        {
            SafeTensorDType.F32 => SafeTensor.FromSingle(name, tensor.ToSingleArray(), shape),
            SafeTensorDType.F64 => SafeTensor.FromDouble(name, tensor.ToDoubleArray(), shape),
            SafeTensorDType.I64 => SafeTensor.FromInt64(name, tensor.ToInt64Array(), shape),
            _ => throw new InvalidDataException($"The checkpoint's tensor '{tensor.Name}' holds {tensor.DType}, which no model parameter uses."),
        };
    }
}
