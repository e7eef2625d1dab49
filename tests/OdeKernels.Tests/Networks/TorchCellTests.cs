using System;
using OdeKernels;

namespace OdeKernels.Tests.Networks;

/// <summary>
/// The generated cells against PyTorch itself: parameters laid out as <c>nn.GRUCell</c>'s / <c>nn.RNNCell</c>'s state
/// dict (weight_ih, weight_hh, bias_ih, bias_hh) give PyTorch's h', and the VJP gives PyTorch's autograd gradients of
/// Σ a·h' with respect to x, h and every parameter. The values are PyTorch's, stored by bench/peers/test_torch_cells.py
/// (which checks them against the installed PyTorch); a wrong gate order or layout fails here.
/// </summary>
public sealed class TorchCellTests
{
    [Fact]
    public void GruMatchesTorchGruCell() =>
        Check(
            new Gru64(TorchCellFixture.GruParameters), TorchCellFixture.GruSamples, TorchCellFixture.GruCotangents,
            TorchCellFixture.GruOutputs, TorchCellFixture.GruInputGradients, TorchCellFixture.GruParameterGradients);

    [Fact]
    public void RnnMatchesTorchRnnCell() =>
        Check(
            new Rnn64(TorchCellFixture.RnnParameters), TorchCellFixture.RnnSamples, TorchCellFixture.RnnCotangents,
            TorchCellFixture.RnnOutputs, TorchCellFixture.RnnInputGradients, TorchCellFixture.RnnParameterGradients);

    private static void Check(INetwork<double> cell, double[] samples, double[] a, double[] outputs, double[] inputGradients, double[] parameterGradients)
    {
        int count = TorchCellFixture.Batch;
        var y = new double[count * cell.Outputs];
        cell.Forward(samples, y, count);
        NetworkTestData.AssertClose(outputs, y, 1e-12, "h'");

        var dx = new double[samples.Length];
        var dtheta = new double[cell.ParameterCount];
        cell.Vjp(samples, a, dx, dtheta, count);
        NetworkTestData.AssertClose(inputGradients, dx, 1e-12, "[dx ; dh]");
        NetworkTestData.AssertClose(parameterGradients, dtheta, 1e-12, "dθ");
    }
}
