using System;
using System.IO;
using System.Linq;
using OdeKernels;
using OdeKernels.Checkpoints;
using OdeKernels.Models;
using OdeKernels.Tests.Checkpoints;

namespace OdeKernels.Tests.Models;

/// <summary>Augmented padding, sizes that do not chain, and checkpoints of a composed model.</summary>
public sealed class ModelCompositionTests
{
    [Fact]
    public void AugmentedStatePadsTheStemOutputWithZeros()
    {
        var stem = new Stem64(1);
        var model = new OdeModel<Stem64, Field64, Rk4, Head64, double>(stem, new Field64(2), new Head64(3), augment: 1);
        double[] x = [0.3, -0.7, 1.1, 0.2];
        Solution<double> trajectories = model.Trajectories<Rk4>(x, 2, [0.0, 0.5], new SolverOptions { FixedStep = 0.125 });
        var z = new double[6];
        stem.Forward(x, z, 2);
        for (int s = 0; s < 2; s++)
        {
            Assert.Equal(z.AsSpan(s * 3, 3).ToArray(), trajectories.State(0, s)[..3].ToArray());
            Assert.Equal(0.0, trajectories.State(0, s)[3]);
            Assert.NotEqual(0.0, trajectories.State(1, s)[3]); // the flow moves the augmented component
        }

        Assert.Equal(4, model.StateSize);
    }

    [Fact]
    public void SizesThatDoNotChainAreRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new OdeModel<Stem64, Field64, Rk4, Head64, double>(new Stem64(1), new Field64(2), new Head64(3), augment: 0));
        Assert.Contains("3 outputs plus 0 augmented zeros make 3", e.Message);
        Assert.Throws<ArgumentException>(() => new OdeModel<Stem64, Field64, Rk4, Head64, double>(new Stem64(1), new Field64(2), new Head64(3), new OdeBlockOptions { EndTime = 0 }, augment: 1));
    }

    [Fact]
    public void DynamicsLayersComeFromTheTypeWhenNotPassed()
    {
        var model = new OdeModel<Stem64, Field64, Rk4, Head64, double>(new Stem64(1), new Field64(2), new Head64(3), augment: 1);
        Assert.Same(Field64.Layers, model.DynamicsLayers);
        Assert.Equal(
            ["ode.0.bias", "ode.0.weight", "ode.1.bias", "ode.1.weight"],
            model.ToTensors().Select(t => t.Name).Where(n => n.StartsWith("ode.", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void CheckpointOfEarlierVersionsWithOneDynamicsTensorStillLoads()
    {
        // Earlier versions stored a generated system's parameters as one tensor "ode.parameters" unless its layers
        // were passed by hand; such a file must restore into a model that now names them by layer.
        var old = new OdeModel<Stem64, Field64, Rk4, Head64, double>(new Stem64(1), new Field64(2), new Head64(3), augment: 1);
        int stem = old.Stem.ParameterCount, ode = old.Dynamics.ParameterCount;
        var tensors = old.ToTensors().Where(t => !t.Name.StartsWith("ode.", StringComparison.Ordinal)).ToList();
        tensors.Add(SafeTensor.FromDouble("ode." + ModelCheckpoint.FlatName, old.Parameters.Slice(stem, ode).ToArray(), [ode]));
        SafeTensorsFile file = SafeTensorsFile.Parse(SafeTensorsFile.Serialize(tensors));

        var model = new OdeModel<Stem64, Field64, Rk4, Head64, double>(new Stem64(9), new Field64(9), new Head64(9), augment: 1);
        Assert.NotEqual(old.Parameters.ToArray(), model.Parameters.ToArray());
        model.Restore(file);
        Assert.Equal(old.Parameters.ToArray(), model.Parameters.ToArray());
    }

    [Fact]
    public void CheckpointRoundTripNamesEveryPartWithItsPrefix()
    {
        using var directory = new TempDirectory();
        string path = Path.Combine(directory.Path, "model.safetensors");
        var model = new OdeModel<Stem64, Field64, Rk4, Head64, double>(new Stem64(1), new Field64(2), new Head64(3), augment: 1, dynamicsLayers: Field64.Layers);
        model.SaveCheckpoint(path, new System.Collections.Generic.Dictionary<string, string> { ["model"] = "test" });

        SafeTensorsFile file = SafeTensorsFile.Read(path);
        Assert.Equal(
            ["head.0.bias", "head.0.weight", "head.1.bias", "head.1.weight", "ode.0.bias", "ode.0.weight", "ode.1.bias", "ode.1.weight", "stem.0.bias", "stem.0.weight"],
            file.Tensors.Select(t => t.Name).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal([3L, 2L], file["stem.0.weight"].Shape);
        Assert.Equal([4L, 8L], file["ode.1.weight"].Shape);

        double[] saved = model.Parameters.ToArray();
        var other = new OdeModel<Stem64, Field64, Rk4, Head64, double>(new Stem64(9), new Field64(9), new Head64(9), augment: 1, dynamicsLayers: Field64.Layers);
        Assert.NotEqual(saved, other.Parameters.ToArray());
        other.LoadCheckpoint(path);
        Assert.Equal(saved, other.Parameters.ToArray());
        Assert.Equal(saved.AsSpan(0, other.Stem.ParameterCount).ToArray(), other.Stem.Parameters.ToArray());

        // A file whose ODE block lacks a tensor of its layers is refused, naming the part, and changes nothing. (Before
        // the layers came from the type, a model created without them expected one flat tensor and was the refused
        // case here; now such a model names its tensors by layer, see DynamicsLayersComeFromTheTypeWhenNotPassed.)
        SafeTensorsFile partial = SafeTensorsFile.Parse(SafeTensorsFile.Serialize(file.Tensors.Where(t => t.Name != "ode.1.bias")));
        var fresh = new OdeModel<Stem64, Field64, Rk4, Head64, double>(new Stem64(9), new Field64(9), new Head64(9), augment: 1);
        double[] before = fresh.Parameters.ToArray();
        var error = Assert.Throws<InvalidDataException>(() => fresh.Restore(partial));
        Assert.StartsWith("ode:", error.Message);
        Assert.Equal(before, fresh.Parameters.ToArray());
    }
}
