using System;
using System.Linq;
using OdeKernels.Checkpoints;
using OdeKernels.Training;

namespace OdeKernels.Tests.Checkpoints;

/// <summary>Optimizer state through a checkpoint file resumes bit for bit.</summary>
public sealed class OptimizerCheckpointTests
{
    [Fact]
    public void AdamResumedFromAFileTakesTheSameSteps()
    {
        using var dir = new TempDirectory();
        string path = dir.File("resume.safetensors");
        var random = new Random(3);
        float[][] gradients = Enumerable.Range(0, 12).Select(_ => Enumerable.Range(0, 5).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray()).ToArray();
        float[] straight = [1, -2, 3, -4, 5], resumed = (float[])straight.Clone();
        var uninterrupted = new Adam<float>(5);
        var first = new Adam<float>(5);
        for (int k = 0; k < 12; k++)
        {
            uninterrupted.Step(straight, gradients[k], 0.01);
        }

        for (int k = 0; k < 7; k++)
        {
            first.Step(resumed, gradients[k], 0.01);
        }

        SafeTensorsFile.Write(path, [SafeTensor.FromSingle("theta", resumed), .. OptimizerCheckpoint.ToTensors(first)]);
        SafeTensorsFile file = SafeTensorsFile.Read(path);
        Assert.Equal(SafeTensorDType.I64, file["optimizer.step"].DType);
        float[] theta = file["theta"].ToSingleArray();
        var second = new Adam<float>(5);
        OptimizerCheckpoint.Restore(second, file);
        Assert.Equal(7, second.StepCount);
        for (int k = 7; k < 12; k++)
        {
            second.Step(theta, gradients[k], 0.01);
        }

        Assert.Equal(straight.Select(BitConverter.SingleToInt32Bits), theta.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void AMismatchedPrecisionIsRefused()
    {
        var adam = new Adam<double>(2);
        SafeTensorsFile file = SafeTensorsFile.Parse(SafeTensorsFile.Serialize(OptimizerCheckpoint.ToTensors(adam)));
        Assert.Contains("holds F64 values, not F32", Assert.Throws<InvalidOperationException>(() => OptimizerCheckpoint.Restore(new Adam<float>(2), file)).Message);
        Assert.Throws<System.Collections.Generic.KeyNotFoundException>(() => OptimizerCheckpoint.Restore(new Sgd<double>(2, 0.9), file));
    }
}
