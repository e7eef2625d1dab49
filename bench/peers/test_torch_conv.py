"""PyTorch's nn.Conv2d, nn.GroupNorm and pooling as the reference of OdeKernels' generated convolution layers.

The C# test tests/OdeKernels.Tests/Convolution/TorchConvolutionTests.cs compares two generated double networks
(forward, input and parameter gradients) with values that PyTorch computed, stored in TorchConvolutionFixture.cs beside
it; this script writes that file (--write) and, as a unit test, recomputes the values with the installed PyTorch and
checks that the stored ones are PyTorch's. Not run in CI (PyTorch is not a dependency); Debian's python3-torch:

    /usr/bin/python3 bench/peers/test_torch_conv.py --write        # regenerate the fixture
    /usr/bin/python3 -m unittest discover -s bench/peers -p 'test_torch_conv.py'

The models mirror tests/OdeKernels.Tests/TestNetworks/ConvolutionNetworks.cs: ConvField64 is Chen et al.'s ODE function
in miniature with torchdiffeq's ConcatConv2d (t concatenated as the first input channel, then the zero-padded
convolution), ConvPoolNet64 a classifier with overlapping average pooling, global average pooling and a dense head.
"""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_fixtures  # noqa: E402

FIXTURE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "OdeKernels.Tests", "Convolution", "TorchConvolutionFixture.cs")
BATCH = 3


def models():
    import torch
    from torch import nn

    class ConcatConv2d(nn.Module):
        """torchdiffeq's examples/odenet_mnist.py ConcatConv2d: t as a constant channel before x."""

        def __init__(self, dim_in, dim_out, ksize, padding):
            super().__init__()
            self._layer = nn.Conv2d(dim_in + 1, dim_out, kernel_size=ksize, stride=1, padding=padding)

        def forward(self, t, x):
            tt = torch.ones_like(x[:, :1, :, :]) * t
            return self._layer(torch.cat([tt, x], 1))

    class ConvField(nn.Module):
        def __init__(self):
            super().__init__()
            self.norm1, self.conv1 = nn.GroupNorm(2, 4), ConcatConv2d(4, 4, 3, 1)
            self.norm2, self.conv2 = nn.GroupNorm(2, 4), ConcatConv2d(4, 4, 3, 1)
            self.norm3 = nn.GroupNorm(4, 4)

        def forward(self, t, x):
            out = self.conv1(t, torch.tanh(self.norm1(x)))
            out = self.conv2(t, nn.functional.softplus(self.norm2(out)))
            return self.norm3(out)

        def ordered(self):  # the generated parameter order: layer by layer, weight then bias
            return [self.norm1.weight, self.norm1.bias, self.conv1._layer.weight, self.conv1._layer.bias,
                    self.norm2.weight, self.norm2.bias, self.conv2._layer.weight, self.conv2._layer.bias,
                    self.norm3.weight, self.norm3.bias]

    class ConvPoolNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(2, 3, 3, padding=1)
            self.pool = nn.AvgPool2d(3, stride=2)
            self.norm = nn.GroupNorm(3, 3)
            self.conv2 = nn.Conv2d(3, 4, 2)
            self.head = nn.Linear(4, 3)

        def forward(self, x):
            out = self.pool(nn.functional.softplus(self.conv1(x)))
            out = torch.tanh(self.conv2(self.norm(out)))
            return self.head(nn.functional.adaptive_avg_pool2d(out, 1).flatten(1))

        def ordered(self):
            return [self.conv1.weight, self.conv1.bias, self.norm.weight, self.norm.bias,
                    self.conv2.weight, self.conv2.bias, self.head.weight, self.head.bias]

    return ConvField().double(), ConvPoolNet().double()


def compute():
    """Per model: parameters (in the generated order), samples, cotangents a, outputs, and the gradients of Σ a·y."""
    import torch

    torch.manual_seed(20181019)  # any fixed seed: the values are stored, not re-derived by the C# test
    field, classifier = models()
    out = {}
    for name, model, shape in (("Field", field, (BATCH, 4, 5, 5)), ("Pool", classifier, (BATCH, 2, 7, 7))):
        with torch.no_grad():  # γ and β away from 1 and 0, so the affine part is exercised
            for p in model.ordered():
                p.uniform_(-0.6, 0.6)
        x = torch.randn(*shape, dtype=torch.float64, requires_grad=True)
        if name == "Field":
            t = 0.7
            y = model(t, x)
        else:
            y = model(x)
        a = torch.randn(*y.shape, dtype=torch.float64)
        (y * a).sum().backward()
        out[name] = {
            "Parameters": torch.cat([p.detach().reshape(-1) for p in model.ordered()]).tolist(),
            "Samples": x.detach().reshape(-1).tolist(),
            "Cotangents": a.reshape(-1).tolist(),
            "Outputs": y.detach().reshape(-1).tolist(),
            "InputGradients": x.grad.reshape(-1).tolist(),
            "ParameterGradients": torch.cat([p.grad.reshape(-1) for p in model.ordered()]).tolist(),
        }
    return torch.__version__, out


def render(version, values):
    lines = [
        "// <auto-generated/> by bench/peers/test_torch_conv.py --write: PyTorch " + version + "'s nn.Conv2d, nn.GroupNorm, pooling in float64.",
        "namespace OdeKernels.Tests.Convolution;",
        "",
        "/// <summary>Values PyTorch computed for <see cref=\"TorchConvolutionTests\"/> (see bench/peers/test_torch_conv.py).</summary>",
        "internal static class TorchConvolutionFixture",
        "{",
        "    public const int Batch = %d;" % BATCH,
        "",
        "    public const double FieldTime = 0.7;",
    ]
    for name in values:
        for key, array in values[name].items():
            lines.append("")
            lines.append("    public static readonly double[] %s%s =" % (name, key))
            lines.append("    [")
            for i in range(0, len(array), 4):
                lines.append("        " + " ".join("%s," % repr(float(v)) for v in array[i:i + 4]))
            lines.append("    ];")
    lines.append("}")
    return "\n".join(lines) + "\n"


class TorchConvolutionFixtureTests(unittest.TestCase):
    @unittest.skipUnless(torch_fixtures.torch_available(), "PyTorch is not installed")
    def test_fixture_holds_pytorchs_values(self):
        _, values = compute()
        torch_fixtures.assert_stored(self, FIXTURE, values)


if __name__ == "__main__":
    torch_fixtures.main(FIXTURE, compute, render, unittest.main)
