using System;
using OdeKernels;
using OdeKernels.Models;
using OdeKernels.Training;

namespace OdeKernels.Tests.Models;

/// <summary>
/// Learning the identity on {−10, …, 10}: the skip connection starts near the identity and converges in few epochs;
/// the plain chain must first un-saturate its tanh layers. Asserted: every seed's skip run reaches MSE &lt; 0.01 within
/// the budget, and the plain chain is still above the target when the skip chain has converged.
/// </summary>
public sealed class ResNetVsDenseTests
{
    [Fact]
    public void SkipConnectionConvergesFaster()
    {
        float[] x = new float[21];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = i - 10;
        }

        for (int seed = 0; seed < 3; seed++)
        {
            var skip = new SkipChain(seed);
            NetworkFitResult skipFit = Fit(skip, x, epochs: 1000, seed);
            Assert.True(skipFit.ReachedTarget, $"seed {seed}: the skip chain did not reach MSE < 0.01 in 1000 epochs (MSE {skipFit.Loss:G3})");

            var plain = new DenseChain(seed);
            NetworkFitResult plainFit = Fit(plain, x, skipFit.Epochs, seed);
            Assert.False(plainFit.ReachedTarget, $"seed {seed}: the plain chain converged in {plainFit.Epochs} epochs, no slower than the skip chain's {skipFit.Epochs}");
        }
    }

    private static NetworkFitResult Fit(INetwork<float> network, float[] x, int epochs, int seed) =>
        NetworkTraining.Fit(network, x, x.Length, new SquaredErrorSampleLoss<float>(x, 1), new Adam<float>(network.ParameterCount),
            new NetworkFitOptions { BatchSize = 8, MaxEpochs = epochs, LossTarget = 0.01, Schedule = new ConstantSchedule(0.01), Seed = (ulong)seed });
}
