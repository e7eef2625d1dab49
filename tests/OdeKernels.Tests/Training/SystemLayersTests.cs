using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using OdeKernels.Checkpoints;
using OdeKernels.Tests.Checkpoints;
using OdeKernels.Tests.Dynamics;
using OdeKernels.Training;

namespace OdeKernels.Tests.Training;

/// <summary>
/// A generated system carries its layer table through <see cref="IDifferentiableSystem{T}.Layers"/>, so a trainer names
/// its checkpoint tensors without being told; a hand-written system keeps one flat tensor, and a one-tensor checkpoint
/// of a generated system (written before systems carried their layers) still resumes.
/// </summary>
public sealed class SystemLayersTests
{
    [Fact]
    public void GeneratedSystemsCarryTheirLayersAndHandWrittenOnesNone()
    {
        Assert.Same(SpiralNet.Layers, LayersOf<SpiralNet, float>());
        Assert.Same(TimeNet.Layers, LayersOf<TimeNet, float>());
        Assert.Empty(LayersOf<Decay, double>());
    }

    [Fact]
    public void ATrainerNamesTensorsByTheSystemsOwnLayers()
    {
        using var dir = new TempDirectory();
        var trainer = Create(new TrainerOptions { CheckpointDirectory = dir.Path });
        Assert.Same(SpiralNet.Layers, ((TrajectoryFit<SpiralNet, Tsit5, float>)trainer.Objective).Layers);
        string path = trainer.Run(2).Checkpoint!;

        SafeTensorsFile file = SafeTensorsFile.Read(path);
        Assert.Equal("SpiralNet", file.Metadata[TrainingCheckpoint.ModelKey]);
        Assert.False(file.TryGetTensor(ModelCheckpoint.FlatName, out _));
        var parameters = new float[252];
        ModelCheckpoint.Restore<float>(file, parameters, SpiralNet.Layers, "optimizer.", "rng.");
        Assert.Equal(trainer.Objective.Parameters.ToArray(), parameters);
    }

    [Fact]
    public void AOneTensorCheckpointOfAGeneratedSystemStillResumes()
    {
        using var dir = new TempDirectory();
        var trainer = Create(new TrainerOptions { CheckpointDirectory = dir.Path });
        SafeTensorsFile layered = SafeTensorsFile.Read(trainer.Run(2).Checkpoint!);
        string flat = dir.File("flat.safetensors");
        WriteFlat(layered, trainer.Objective.Parameters.ToArray(), flat);

        var resumed = Create(new TrainerOptions(), seed: 7);
        resumed.Resume(flat);
        Assert.Equal(2, resumed.Iteration);
        Assert.Equal(trainer.Objective.Parameters.ToArray(), resumed.Objective.Parameters.ToArray());

        // Layers passed explicitly are an override, as before: they want their own tensor names.
        var explicitLayers = Create(new TrainerOptions { Layers = SpiralNet.Layers }, seed: 7);
        Assert.Throws<InvalidDataException>(() => explicitLayers.Resume(flat));
    }

    private static void WriteFlat(SafeTensorsFile layered, float[] parameters, string path)
    {
        var tensors = new List<SafeTensor>(ModelCheckpoint.ToTensors<float>(parameters, null));
        tensors.AddRange(layered.Tensors.Where(t => t.Name.StartsWith("optimizer.", StringComparison.Ordinal) || t.Name.StartsWith("rng.", StringComparison.Ordinal)));
        var metadata = layered.Metadata.Where(m => m.Key is not (SafeTensorsFile.FileChecksumKey or SafeTensorsFile.ChecksumKey)).ToDictionary(m => m.Key, m => m.Value);
        SafeTensorsFile.Write(path, tensors, metadata);
    }

    private static IReadOnlyList<DynamicsLayer> LayersOf<TSystem, T>()
        where TSystem : IDifferentiableSystem<T>
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> => TSystem.Layers;

    private static Trainer<float> Create(TrainerOptions options, int seed = 1)
    {
        var network = new SpiralNet(seed);
        var fit = new TrajectoryFit<SpiralNet, Tsit5, float>(network, TrainerTestProblems.Full(), TrainerTestProblems.Solver, options.Adjoint, options.Layers);
        return new Trainer<float>(fit, new Adam<float>(network.ParameterCount), new ConstantSchedule(0.02), options);
    }

    /// <summary>y' = −y, hand-written, without a layer table.</summary>
    private sealed class Decay : IDifferentiableSystem<double>
    {
        private readonly double[] _theta = [1.0];

        public int StateSize => 1;

        public int ParameterCount => 1;

        public Span<double> Parameters => _theta;

        public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt) => dydt[0] = -_theta[0] * y[0];

        public void Vjp(double t, ReadOnlySpan<double> y, ReadOnlySpan<double> a, Span<double> dy, Span<double> dtheta)
        {
        }
    }
}
