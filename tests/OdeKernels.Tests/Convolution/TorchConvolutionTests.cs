using System;
using OdeKernels;
using OdeKernels.Tests.Networks;

namespace OdeKernels.Tests.Convolution;

/// <summary>
/// The generated feature-map layers against PyTorch itself: with the parameters of <c>nn.Conv2d</c> (torchdiffeq's
/// <c>ConcatConv2d</c> for the ODE function: t first), <c>nn.GroupNorm</c>, <c>nn.AvgPool2d</c>,
/// <c>adaptive_avg_pool2d(·, 1)</c> and <c>nn.Linear</c> in state-dict order, f and the network give PyTorch's outputs,
/// and the VJPs PyTorch's autograd gradients of Σ a·y with respect to the input and every parameter. The values are
/// PyTorch's, stored by bench/peers/test_torch_conv.py (which checks them against the installed PyTorch); a wrong
/// weight layout, time channel position, padding or variance convention fails here.
/// </summary>
public sealed class TorchConvolutionTests
{
    [Fact]
    public void ConcatConvOdeFunctionMatchesPyTorch()
    {
        var field = new ConvField64(TorchConvolutionFixture.FieldParameters);
        int n = field.StateSize, count = TorchConvolutionFixture.Batch;
        double[] y = ComponentMajor(TorchConvolutionFixture.FieldSamples, n, count);
        double[] a = ComponentMajor(TorchConvolutionFixture.FieldCotangents, n, count);
        var t = new double[count];
        Array.Fill(t, TorchConvolutionFixture.FieldTime);
        var f = new double[n * count];
        var dy = new double[n * count];
        var dtheta = new double[field.ParameterCount];
        field.EvaluateAndVjpBatch(t, y, a, f, dy, dtheta, count, count);

        NetworkTestData.AssertClose(ComponentMajor(TorchConvolutionFixture.FieldOutputs, n, count), f, 1e-12, "f");
        NetworkTestData.AssertClose(ComponentMajor(TorchConvolutionFixture.FieldInputGradients, n, count), dy, 1e-12, "dy");
        NetworkTestData.AssertClose(TorchConvolutionFixture.FieldParameterGradients, dtheta, 1e-12, "dθ");
    }

    [Fact]
    public void PoolingClassifierMatchesPyTorch()
    {
        var net = new ConvPoolNet64(TorchConvolutionFixture.PoolParameters);
        int count = TorchConvolutionFixture.Batch;
        var y = new double[count * net.Outputs];
        net.Forward(TorchConvolutionFixture.PoolSamples, y, count);
        NetworkTestData.AssertClose(TorchConvolutionFixture.PoolOutputs, y, 1e-12, "y");

        var dx = new double[count * net.Inputs];
        var dtheta = new double[net.ParameterCount];
        net.Vjp(TorchConvolutionFixture.PoolSamples, TorchConvolutionFixture.PoolCotangents, dx, dtheta, count);
        NetworkTestData.AssertClose(TorchConvolutionFixture.PoolInputGradients, dx, 1e-12, "dx");
        NetworkTestData.AssertClose(TorchConvolutionFixture.PoolParameterGradients, dtheta, 1e-12, "dθ");
    }

    /// <summary>Samples one after another (PyTorch's NCHW, flattened) as the component-major lanes of a batched system.</summary>
    private static double[] ComponentMajor(double[] samples, int n, int count)
    {
        var lanes = new double[n * count];
        for (int lane = 0; lane < count; lane++)
        {
            for (int c = 0; c < n; c++)
            {
                lanes[(c * count) + lane] = samples[(lane * n) + c];
            }
        }

        return lanes;
    }
}
