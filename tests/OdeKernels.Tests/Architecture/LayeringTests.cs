using System;
using System.Linq;
using System.Reflection;
using OdeKernels.Checkpoints;
using OdeKernels.Reporting;
using OdeKernels.Training;

namespace OdeKernels.Tests.Architecture;

/// <summary>
/// The runtime's layers point one way: the file format (<c>OdeKernels.Checkpoints</c>) knows nothing of training or
/// models, reports know nothing of checkpoints, and the atomic file writing both use (<c>OdeKernels.IO</c>) knows
/// neither; training writes its own checkpoint layout on top of the format. Read from the compiled assembly (the
/// signatures and every type, field and method token in the IL), so a reference in a method body counts too.
/// </summary>
public sealed class LayeringTests
{
    private static readonly Assembly Runtime = typeof(Ode).Assembly;

    public static TheoryData<string, string> Forbidden => new()
    {
        { "OdeKernels.Checkpoints", "OdeKernels.Training" },
        { "OdeKernels.Checkpoints", "OdeKernels.Models" },
        { "OdeKernels.Checkpoints", "OdeKernels.Reporting" },
        { "OdeKernels.Reporting", "OdeKernels.Checkpoints" },
        { "OdeKernels.Reporting", "OdeKernels.Training" },
        { "OdeKernels.Reporting", "OdeKernels.Models" },
        { "OdeKernels.IO", "OdeKernels.Checkpoints" },
        { "OdeKernels.IO", "OdeKernels.Training" },
        { "OdeKernels.IO", "OdeKernels.Reporting" },
        { "OdeKernels.IO", "OdeKernels.Models" },
        { "OdeKernels.Training", "OdeKernels.Models" },
        { "OdeKernels.Training", "OdeKernels.Flows" },
        { "OdeKernels.Checkpoints", "OdeKernels.Flows" },
        { "OdeKernels.IO", "OdeKernels.Flows" },
        { "OdeKernels.Reporting", "OdeKernels.Flows" },
        { "OdeKernels.Flows", "OdeKernels.Models" },
        { "OdeKernels.Training", "OdeKernels.Latent" },
        { "OdeKernels.Checkpoints", "OdeKernels.Latent" },
        { "OdeKernels.IO", "OdeKernels.Latent" },
        { "OdeKernels.Reporting", "OdeKernels.Latent" },
        { "OdeKernels.Latent", "OdeKernels.Models" },
        { "OdeKernels.Datasets", "OdeKernels.Checkpoints" },
        { "OdeKernels.Datasets", "OdeKernels.Training" },
        { "OdeKernels.Datasets", "OdeKernels.Models" },
        { "OdeKernels.Datasets", "OdeKernels.Reporting" },
        { "OdeKernels.IO", "OdeKernels.Datasets" },
        { "OdeKernels.Checkpoints", "OdeKernels.Datasets" },
        { "OdeKernels.Training", "OdeKernels.Datasets" },
        { "OdeKernels.Reporting", "OdeKernels.Datasets" },
    };

    [Theory]
    [MemberData(nameof(Forbidden))]
    public void ALayerDoesNotReferenceTheOnesAboveIt(string layer, string above)
    {
        Type[] types = TypesIn(layer);
        Assert.NotEmpty(types);
        string[] violations = types
            .SelectMany(t => TypeReferences.Of(t).Where(r => TypeReferences.NamespaceOf(r) == above).Select(r => $"{t.FullName} uses {r.FullName ?? r.Name}"))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.True(violations.Length == 0, $"{layer} must not depend on {above}:\n  " + string.Join("\n  ", violations));
    }

    [Fact]
    public void TheTrainingCheckpointLayoutLivesWithTraining()
    {
        Assert.Equal("OdeKernels.Training", typeof(TrainingCheckpoint).Namespace);
        Assert.Equal("OdeKernels.Training", typeof(OptimizerCheckpoint).Namespace);
    }

    [Fact]
    public void TheScanSeesReferencesInSignaturesAndMethodBodies()
    {
        // Controls, so that the rules above cannot pass because the scan sees nothing: the trainer's checkpoint
        // partial uses SafeTensorsFile in a body and TrainingCheckpoint's RandomTensors returns SafeTensors.
        Assert.Contains(TypeReferences.Of(typeof(Trainer<float>).GetGenericTypeDefinition()), t => t == typeof(SafeTensorsFile));
        Assert.Contains(TypeReferences.Of(typeof(TrainingCheckpoint)), t => t == typeof(SafeTensor));
        Assert.Contains(TypeReferences.Of(typeof(SvgPlot)), t => TypeReferences.NamespaceOf(t) == "OdeKernels.IO");
    }

    private static Type[] TypesIn(string ns) =>
        Runtime.GetTypes().Where(t => TypeReferences.NamespaceOf(t) == ns).ToArray();
}
