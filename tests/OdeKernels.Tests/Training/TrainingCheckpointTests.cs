using System;
using System.IO;
using System.Linq;
using OdeKernels.Checkpoints;
using OdeKernels.Tests.Checkpoints;
using OdeKernels.Tests.Dynamics;
using OdeKernels.Training;

namespace OdeKernels.Tests.Training;

/// <summary>Checkpoint tensor names and shapes follow the layers; loading checks them against the model.</summary>
public sealed class TrainingCheckpointTests
{
    [Fact]
    public void DenseLayersAreNamedByTheirIndexAmongAllLayers()
    {
        var network = new SpiralNet(3);
        var tensors = ModelCheckpoint.ToTensors<float>(network.Parameters, SpiralNet.Layers);

        // Layer 0 is the pointwise cube, so the dense layers are 1 and 2, as in PyTorch's nn.Sequential.
        Assert.Equal(["1.weight", "1.bias", "2.weight", "2.bias"], tensors.Select(t => t.Name));
        Assert.Equal([50L, 2L], tensors[0].Shape);
        Assert.Equal([50L], tensors[1].Shape);
        Assert.Equal([2L, 50L], tensors[2].Shape);
        Assert.Equal([2L], tensors[3].Shape);
        Assert.All(tensors, t => Assert.Equal(SafeTensorDType.F32, t.DType));
        Assert.Equal(network.Parameters.Slice(0, 100).ToArray(), tensors[0].ToSingleArray());
        Assert.Equal(network.Parameters.Slice(250, 2).ToArray(), tensors[3].ToSingleArray());
    }

    [Fact]
    public void TimeColumnsAndMissingBiasesShapeTheTensors()
    {
        var time = ModelCheckpoint.ToTensors<float>(new TimeNet(0).Parameters, TimeNet.Layers);
        Assert.Equal(["0.weight", "0.bias", "1.weight", "1.bias", "2.weight", "2.bias"], time.Select(t => t.Name));
        Assert.Equal([7L, 4L], time[0].Shape);
        Assert.Equal([5L, 8L], time[2].Shape);
        var noBias = ModelCheckpoint.ToTensors<double>(new NoBiasNet64(0).Parameters, NoBiasNet64.Layers);
        Assert.Equal(["0.weight", "1.weight"], noBias.Select(t => t.Name));
        Assert.All(noBias, t => Assert.Equal(SafeTensorDType.F64, t.DType));
    }

    [Fact]
    public void RoundTripsThroughAFile()
    {
        using var dir = new TempDirectory();
        var network = new MixedNet64(5);
        string path = dir.File("m.safetensors");
        SafeTensorsFile.Write(path, ModelCheckpoint.ToTensors<double>(network.Parameters, MixedNet64.Layers));
        var restored = new double[network.ParameterCount];
        ModelCheckpoint.Restore<double>(SafeTensorsFile.Read(path), restored, MixedNet64.Layers);
        Assert.Equal(network.Parameters.ToArray(), restored);
    }

    [Fact]
    public void RefusesWrongShapesTypesAndNames()
    {
        var network = new SpiralNet(0);
        float[] target = new float[252];
        SafeTensor[] good = [.. ModelCheckpoint.ToTensors<float>(network.Parameters, SpiralNet.Layers)];

        // 1.weight stored as [2, 50] instead of [50, 2].
        SafeTensor[] transposed = [SafeTensor.FromSingle("1.weight", good[0].ToSingleArray(), [2, 50]), .. good[1..]];
        var e = Assert.Throws<InvalidDataException>(() => ModelCheckpoint.Restore<float>(Parse(transposed), target, SpiralNet.Layers));
        Assert.Contains("'1.weight' has shape [2, 50], but the model needs [50, 2]", e.Message, StringComparison.Ordinal);

        e = Assert.Throws<InvalidDataException>(() => ModelCheckpoint.Restore<float>(Parse(good[..3]), target, SpiralNet.Layers));
        Assert.Contains("lacks the parameter tensor '2.bias'", e.Message, StringComparison.Ordinal);

        SafeTensor[] asDouble = [SafeTensor.FromDouble("1.bias", new double[50], [50]), good[0], .. good[2..]];
        e = Assert.Throws<InvalidDataException>(() => ModelCheckpoint.Restore<float>(Parse(asDouble), target, SpiralNet.Layers));
        Assert.Contains("'1.bias' holds F64", e.Message, StringComparison.Ordinal);

        SafeTensor[] extra = [.. good, SafeTensor.FromSingle("3.weight", new float[4], [2, 2])];
        e = Assert.Throws<InvalidDataException>(() => ModelCheckpoint.Restore<float>(Parse(extra), target, SpiralNet.Layers));
        Assert.Contains("'3.weight' that the model does not have", e.Message, StringComparison.Ordinal);
        Assert.All(target, v => Assert.Equal(0f, v));

        // Tensors under the given prefixes are not parameters.
        SafeTensor[] withState = [.. good, SafeTensor.FromSingle("optimizer.m", new float[252])];
        ModelCheckpoint.Restore<float>(Parse(withState), target, SpiralNet.Layers, "optimizer.");
        Assert.Equal(network.Parameters.ToArray(), target);
    }

    [Fact]
    public void ACheckpointOfAnotherShapeOfNetworkIsRefused()
    {
        // A checkpoint whose metadata names the model but whose tensors come from another network.
        using var dir = new TempDirectory();
        string path = dir.File("c.safetensors");
        var time = new TimeNet(0);
        var random = new TrainingRandom(1);
        SafeTensorsFile.Write(
            path,
            [.. ModelCheckpoint.ToTensors<float>(time.Parameters, TimeNet.Layers), .. OptimizerCheckpoint.ToTensors(new Adam<float>(time.ParameterCount)), .. TrainingCheckpoint.RandomTensors(random)],
            new System.Collections.Generic.Dictionary<string, string> { ["format"] = TrainingCheckpoint.FormatValue, ["model"] = "SpiralNet", ["iteration"] = "0" });
        var trainer = TrainerTestProblems.Create(TrainerTestProblems.Full(), new TrainerOptions());
        var e = Assert.Throws<InvalidDataException>(() => trainer.Resume(path));
        Assert.Contains("parameter tensor", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusesFilesThatAreNotTrainingCheckpoints()
    {
        using var dir = new TempDirectory();
        string path = dir.File("plain.safetensors");
        SafeTensorsFile.Write(path, [SafeTensor.FromSingle("x", [1f])]);
        var e = Assert.Throws<InvalidDataException>(() => TrainingCheckpoint.Read(path, "SpiralNet"));
        Assert.Contains("not an OdeKernels training checkpoint", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MetadataDescribesTheRun()
    {
        using var dir = new TempDirectory();
        var trainer = TrainerTestProblems.Create(TrainerTestProblems.Full(), new TrainerOptions { CheckpointDirectory = dir.Path, Adjoint = AdjointMethod.Direct });
        TrainingResult result = trainer.Run(3);
        var metadata = SafeTensorsFile.Read(result.Checkpoint!).Metadata;
        Assert.Equal("odekernels-training/1", metadata["format"]);
        Assert.Equal("SpiralNet", metadata["model"]);
        Assert.Equal("Tsit5", metadata["tableau"]);
        Assert.Equal("Direct", metadata["adjoint"]);
        Assert.Equal("3", metadata["iteration"]);
        Assert.Equal(result.Loss, double.Parse(metadata["loss"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("F32", metadata["dtype"]);
        Assert.Equal("Adam", metadata["optimizer"]);
        Assert.StartsWith("0.1.0", metadata["library_version"], StringComparison.Ordinal);
        Assert.Equal(64, metadata["file_sha256"].Length);
    }

    [Fact]
    public void RandomStreamRestoresMidway()
    {
        var random = new TrainingRandom(7);
        for (int i = 0; i < 13; i++)
        {
            random.NextGaussian();
        }

        var copy = new TrainingRandom(random.Seed, random.Draws);
        Assert.Equal(26, random.Draws);
        Assert.Equal(Enumerable.Range(0, 20).Select(_ => random.NextUInt64()), Enumerable.Range(0, 20).Select(_ => copy.NextUInt64()));
        var fresh = new SplitMix64(7);
        Assert.Equal(fresh.NextUInt64(), new TrainingRandom(7).NextUInt64());
        Assert.InRange(new TrainingRandom(3).NextInt32(5), 0, 4);
    }

    private static SafeTensorsFile Parse(SafeTensor[] tensors) => SafeTensorsFile.Parse(SafeTensorsFile.Serialize(tensors));
}
