using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Reflection;
using OdeKernels.Checkpoints;

namespace OdeKernels.Training;

/// <summary>
/// The layout of a training checkpoint, one safetensors file: the objective's tensors
/// (<see cref="IGradientObjective{T}.ToTensors"/>: the parameters as <see cref="ModelCheckpoint"/> names them, a
/// model's parts under their prefixes, a <see cref="Models.SampleFit{T}"/>'s sample order), the optimizer's state
/// under <see cref="OptimizerPrefix"/> (<see cref="OptimizerCheckpoint"/>), the random stream under
/// <see cref="RandomPrefix"/> (<c>rng.seed</c> and <c>rng.draws</c>, I64 scalars; see <see cref="TrainingRandom"/>),
/// and string metadata: <see cref="FormatKey"/>, <see cref="ModelKey"/>,
/// <see cref="TableauKey"/>, <see cref="AdjointKey"/>, <see cref="IterationKey"/>, <see cref="LossKey"/>,
/// <see cref="VersionKey"/> and more, besides the SHA-256 <see cref="SafeTensorsFile"/> adds.
/// </summary>
/// <remarks>Thread safety: functions of their arguments that only read (files, streams); safe to call from any number
/// of threads.</remarks>
public static class TrainingCheckpoint
{
    /// <summary>The metadata key of the format tag, whose value is <see cref="FormatValue"/>.</summary>
    public const string FormatKey = "format";

    /// <summary>The format tag of this layout.</summary>
    public const string FormatValue = "odekernels-training/1";

    /// <summary>The metadata key of the model's name; resuming requires the same name.</summary>
    public const string ModelKey = "model";

    /// <summary>The metadata key of the Runge-Kutta method's name.</summary>
    public const string TableauKey = "tableau";

    /// <summary>The metadata key of the adjoint method.</summary>
    public const string AdjointKey = "adjoint";

    /// <summary>The metadata key of the number of completed iterations.</summary>
    public const string IterationKey = "iteration";

    /// <summary>The metadata key of the last loss (round-trip format, invariant culture).</summary>
    public const string LossKey = "loss";

    /// <summary>The metadata key of the OdeKernels version that wrote the file.</summary>
    public const string VersionKey = "library_version";

    /// <summary>The metadata key of the parameters' element type (<c>F32</c> or <c>F64</c>).</summary>
    public const string DTypeKey = "dtype";

    /// <summary>
    /// The metadata key of the optimizer's name (<see cref="OptimizerName"/>: <c>Adam</c>, <c>AdamW</c>, <c>Sgd</c>);
    /// resuming requires the same optimizer.
    /// </summary>
    public const string OptimizerKey = "optimizer";

    /// <summary>The prefix of the optimizer's tensors.</summary>
    public const string OptimizerPrefix = "optimizer.";

    /// <summary>The prefix of the random stream's tensors.</summary>
    public const string RandomPrefix = "rng.";

    /// <summary>The version of this library, as recorded under <see cref="VersionKey"/>.</summary>
    public static string LibraryVersion { get; } =
        typeof(TrainingCheckpoint).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(TrainingCheckpoint).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>
    /// Reads a training checkpoint (verifying its SHA-256) and checks that it is one, of <paramref name="model"/>.
    /// The tensors themselves are checked when they are restored.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="model">The name of the model that is to resume from it.</param>
    /// <returns>The file.</returns>
    /// <exception cref="InvalidDataException">The file is corrupt, not a training checkpoint, or of another model; the message says which.</exception>
    /// <exception cref="IOException">The file cannot be read (for example <see cref="FileNotFoundException"/>).</exception>
    public static SafeTensorsFile Read(string path, string model)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(model);
        SafeTensorsFile file = SafeTensorsFile.Read(path);
        if (!file.Metadata.TryGetValue(FormatKey, out string? format) || format != FormatValue)
        {
            throw new InvalidDataException($"{path}: not an OdeKernels training checkpoint (metadata '{FormatKey}' is '{format ?? "missing"}', expected '{FormatValue}').");
        }

        string stored = file.Metadata.TryGetValue(ModelKey, out string? name) ? name : "missing";
        if (stored != model)
        {
            throw new InvalidDataException($"{path}: the checkpoint is of model '{stored}', not '{model}'; it cannot be resumed here.");
        }

        _ = Iteration(file, path);
        return file;
    }

    /// <summary>
    /// The name recorded under <see cref="OptimizerKey"/>: the type's name without the generic arity that .NET appends
    /// (<c>Adam</c> for <c>Adam&lt;float&gt;</c>, whose <see cref="System.Reflection.MemberInfo.Name"/> is <c>Adam`1</c>).
    /// </summary>
    /// <param name="optimizerType">The optimizer's type.</param>
    /// <returns>The name.</returns>
    public static string OptimizerName(Type optimizerType)
    {
        ArgumentNullException.ThrowIfNull(optimizerType);
        return PlainName(optimizerType);
    }

    /// <summary>A type's name without the generic arity that .NET appends (<c>OdeModel</c> for <c>OdeModel`5</c>).</summary>
    internal static string PlainName(Type type)
    {
        string name = type.Name;
        int tick = name.IndexOf('`', StringComparison.Ordinal);
        return tick < 0 ? name : name[..tick];
    }

    /// <summary>
    /// Checks that the checkpoint's <see cref="OptimizerKey"/> names <paramref name="optimizerType"/>'s optimizer, so
    /// that one optimizer's state (AdamW's moments, say) is never continued by another with the same buffers. Names
    /// written before <see cref="OptimizerName"/> existed (<c>Adam`1</c>) are read as their plain form.
    /// </summary>
    /// <param name="file">The checkpoint.</param>
    /// <param name="optimizerType">The type of the optimizer that is to continue.</param>
    /// <exception cref="InvalidDataException">The metadata names no optimizer or another one; the message names both.</exception>
    public static void CheckOptimizer(SafeTensorsFile file, Type optimizerType)
    {
        ArgumentNullException.ThrowIfNull(file);
        string expected = OptimizerName(optimizerType);
        if (!file.Metadata.TryGetValue(OptimizerKey, out string? stored))
        {
            throw new InvalidDataException($"metadata '{OptimizerKey}' is missing, so the optimizer state cannot be matched to this run's {expected}.");
        }

        int tick = stored.IndexOf('`', StringComparison.Ordinal);
        string plain = tick >= 0 && tick + 1 < stored.Length && !stored.AsSpan(tick + 1).ContainsAnyExceptInRange('0', '9') ? stored[..tick] : stored;
        if (plain != expected)
        {
            throw new InvalidDataException($"the checkpoint's optimizer is '{stored}', but this run uses '{expected}'; one optimizer's state cannot be continued by another.");
        }
    }

    /// <summary>The number of completed iterations the checkpoint was taken at.</summary>
    /// <param name="file">The checkpoint.</param>
    /// <returns>The iteration.</returns>
    /// <exception cref="InvalidDataException">The metadata holds no valid iteration.</exception>
    public static long Iteration(SafeTensorsFile file) => Iteration(file, "checkpoint");

    /// <summary>The tensors of a random stream's state.</summary>
    /// <param name="random">The stream.</param>
    /// <returns><c>rng.seed</c> (the seed's bits as I64) and <c>rng.draws</c>.</returns>
    public static IReadOnlyList<SafeTensor> RandomTensors(TrainingRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return
        [
            SafeTensor.FromInt64(RandomPrefix + "seed", [unchecked((long)random.Seed)], []),
            SafeTensor.FromInt64(RandomPrefix + "draws", [random.Draws], []),
        ];
    }

    /// <summary>The random stream stored by <see cref="RandomTensors"/>.</summary>
    /// <param name="file">The checkpoint.</param>
    /// <returns>The stream, positioned where it was saved.</returns>
    /// <exception cref="InvalidDataException">The tensors are missing or malformed.</exception>
    public static TrainingRandom RestoreRandom(SafeTensorsFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        long seed = Scalar(file, RandomPrefix + "seed");
        long draws = Scalar(file, RandomPrefix + "draws");
        if (draws < 0)
        {
            throw new InvalidDataException($"The checkpoint's '{RandomPrefix}draws' is {draws}; it must be non-negative.");
        }

        return new TrainingRandom(unchecked((ulong)seed), draws);
    }

    private static long Scalar(SafeTensorsFile file, string name)
    {
        if (!file.TryGetTensor(name, out SafeTensor? tensor) || tensor.DType != SafeTensorDType.I64 || tensor.ElementCount != 1)
        {
            throw new InvalidDataException($"The checkpoint lacks the I64 scalar '{name}'.");
        }

        return tensor.ToInt64Array()[0];
    }

    private static long Iteration(SafeTensorsFile file, string where)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!file.Metadata.TryGetValue(IterationKey, out string? text)
            || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long iteration))
        {
            throw new InvalidDataException($"{where}: metadata '{IterationKey}' is missing or not a non-negative integer.");
        }

        return iteration;
    }
}
