using OdeKernels;
using OdeKernels.Models;
using OdeKernels.Training;

namespace OdeKernels.Tests.Models;

/// <summary>
/// A small run of the concentric-spheres task (Dupont et al., 2019) with an augmented neural ODE: with one extra
/// dimension the flow can lift the inner ball out of the shell, so a linear head separates the classes, and because
/// the model is trained at a step where it is a flow, it keeps its accuracy under a much more accurate solver.
/// </summary>
public sealed class SpheresTrainingTests
{
    [Fact]
    public void AugmentedOdeClassifiesTheSpheres()
    {
        (float[] train, int[] trainLabels) = ConcentricSpheres.Sample<float>(2, 256, seed: 1);
        (float[] test, int[] testLabels) = ConcentricSpheres.Sample<float>(2, 256, seed: 2);
        var options = new OdeBlockOptions { Solver = new SolverOptions { FixedStep = 0.25 }, Adjoint = AdjointMethod.Direct };
        var model = new OdeModel<IdentityNetwork<float>, SpheresField, Rk4, SpheresHead, float>(
            new IdentityNetwork<float>(2), new SpheresField(3), new SpheresHead(4), options, augment: 1);
        NetworkFitResult fit = NetworkTraining.Fit(model, train, 256, new CrossEntropySampleLoss<float>(trainLabels, 2), new Adam<float>(model.ParameterCount),
            new NetworkFitOptions { BatchSize = 32, MaxEpochs = 40, Schedule = new ConstantSchedule(0.02), Seed = 3 });
        Assert.Equal(40, fit.Epochs);

        var outputs = new float[512];
        model.Forward(test, outputs, 256);
        double accuracy = NetworkTraining.Accuracy<float>(outputs, testLabels, 2);
        model.Forward<Rk4>(test, outputs, 256, new SolverOptions { FixedStep = 1.0 / 64 });
        double accurate = NetworkTraining.Accuracy<float>(outputs, testLabels, 2);
        Assert.True(accuracy >= 0.9, $"test accuracy {accuracy:P1} with the training solver (loss {fit.Loss:G3})");
        Assert.True(accurate >= 0.9, $"test accuracy {accurate:P1} with Rk4 at h = 1/64");
    }
}
