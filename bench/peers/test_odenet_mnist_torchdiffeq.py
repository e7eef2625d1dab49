"""Tests of odenet_mnist_torchdiffeq.py: the "absent" answer, and (where PyTorch is installed) the architecture against
parameter counts worked out by hand from Chen et al.'s layers, the time channel of the ODE function, and a full run
against a stand-in torchdiffeq written here (ten Euler steps), so the script's JSON is checked without torchdiffeq.

Run: python3 -m unittest discover -s bench/peers   (Debian's python3-torch: /usr/bin/python3 -m unittest ...)
"""

import gzip
import json
import os
import struct
import subprocess
import sys
import tempfile
import textwrap
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from test_cnf_torchdiffeq import torch_installed  # noqa: E402  (the one check of the peers' tests)

SCRIPT = os.path.join(HERE, "odenet_mnist_torchdiffeq.py")

# torchdiffeq's public signatures on a tensor state: ten Euler steps per interval whatever the method and tolerances.
STAND_IN = textwrap.dedent('''
    __version__ = "stand-in"

    def odeint(func, y0, t, rtol=1e-7, atol=1e-9, method=None, options=None):
        import torch
        y, out = y0, [y0]
        for k in range(1, len(t)):
            h = float(t[k] - t[k - 1]) / 10
            now = float(t[k - 1])
            for _ in range(10):
                y = y + h * func(torch.tensor(now), y)
                now += h
            out.append(y)
        return torch.stack(out)

    def odeint_adjoint(func, y0, t, rtol=1e-7, atol=1e-9, method=None, options=None, **kwargs):
        return odeint(func, y0, t, rtol, atol, method, options)
''')

# Chen et al.'s layers, counted by hand: conv k x k from a to b channels has a*b*k*k weights (+ b biases); GroupNorm
# over c channels has 2c affine parameters.
STEM = (1 * 64 * 9 + 64) + 128 + (64 * 64 * 16 + 64) + 128 + (64 * 64 * 16 + 64)
HEAD = 128 + (64 * 10 + 10)
ODE_FUNCTION = 3 * 128 + 2 * (65 * 64 * 9 + 64)
RESIDUAL_BLOCK = 2 * 128 + 2 * (64 * 64 * 9)


def run_script(*arguments):
    env = dict(os.environ)
    env.pop("TORCHDIFFEQ_SRC", None)
    completed = subprocess.run([sys.executable, SCRIPT, *arguments], capture_output=True, text=True, env=env, timeout=300)
    return completed.returncode, completed.stdout, completed.stderr


def stand_in_tree(tree):
    os.makedirs(os.path.join(tree, "torchdiffeq"))
    with open(os.path.join(tree, "torchdiffeq", "__init__.py"), "w", encoding="utf-8") as f:
        f.write(STAND_IN)


class AbsentTests(unittest.TestCase):
    def test_a_missing_source_tree_is_reported_in_one_json_line(self):
        code, out, err = run_script("--torchdiffeq", os.path.join(tempfile.gettempdir(), "no-such-torchdiffeq-tree"))
        self.assertEqual(code, 0, err)
        answer = json.loads(out)
        self.assertFalse(answer["available"])
        self.assertTrue(answer["reason"])


@unittest.skipUnless(torch_installed(), "PyTorch is not installed for this Python")
class PeerTests(unittest.TestCase):
    def model(self, network):
        import torch
        from odenet_mnist_torchdiffeq import build_model

        def euler(function, x, times, **_):
            return torch.stack([x, x + function(times[0], x)])
        return build_model(torch, network, euler, {})

    def test_the_odenet_has_chen_et_als_parameters(self):
        model, function = self.model("odenet")
        self.assertEqual(sum(p.numel() for p in model.parameters()), STEM + ODE_FUNCTION + HEAD)
        self.assertIsNotNone(function)

    def test_the_resnet_has_six_residual_blocks(self):
        model, function = self.model("resnet")
        self.assertIsNone(function)
        self.assertEqual(sum(p.numel() for p in model.parameters()), STEM + 6 * RESIDUAL_BLOCK + HEAD)

    def test_the_stem_takes_28_by_28_to_64_maps_of_6_by_6_and_the_head_to_10_logits(self):
        import torch
        model, _ = self.model("odenet")
        x = torch.rand(3, 1, 28, 28)
        self.assertEqual(tuple(model[:7](x).shape), (3, 64, 6, 6))
        self.assertEqual(tuple(model(x).shape), (3, 10))

    def test_the_image_ode_net_example_shapes_at_c_16_padded_stem_and_8_groups(self):
        # OdeKernels' examples/ImageOdeNet at C = 16 (the benchmark report's "odenet" section): a padded first
        # convolution (28 -> 28 -> 14 -> 7) and C/2 groups; 13,674 parameters, counted by hand from the declarations
        # (stem 160 + 32 + 4,112 + 32 + 4,112, ODE function 32 + 2,464 + 32 + 2,464 + 32, head 32 + 170).
        import torch
        from odenet_mnist_torchdiffeq import build_model

        def euler(function, x, times, **_):
            return torch.stack([x, x + function(times[0], x)])
        model, _ = build_model(torch, "odenet", euler, {}, channels=16, groups=8, stem_padding=1)
        self.assertEqual(sum(p.numel() for p in model.parameters()), 13674)
        self.assertEqual(tuple(model[:7](torch.rand(3, 1, 28, 28)).shape), (3, 16, 7, 7))
        self.assertEqual({m.num_groups for m in model.modules() if isinstance(m, torch.nn.GroupNorm)}, {8})
        with self.assertRaises(ValueError):
            build_model(torch, "odenet", euler, {}, channels=16, groups=6)

    def test_time_enters_the_ode_function_as_a_channel(self):
        import torch
        _, function = self.model("odenet")
        torch.manual_seed(1)
        x = torch.rand(2, 64, 6, 6)
        with torch.no_grad():
            self.assertGreater(float((function(torch.tensor(0.0), x) - function(torch.tensor(0.7), x)).abs().max()), 0)
            self.assertEqual(tuple(function(torch.tensor(0.0), x).shape), (2, 64, 6, 6))

    def test_a_run_reports_time_and_nfe(self):
        with tempfile.TemporaryDirectory() as tree:
            stand_in_tree(tree)
            code, out, err = run_script("--torchdiffeq", tree, "--iterations", "2", "--batch", "4", "--threads", "1")
        self.assertEqual(code, 0, err)
        answer = json.loads(out)
        self.assertTrue(answer["available"], answer)
        self.assertEqual(answer["torchdiffeq"], "stand-in")
        self.assertEqual(answer["parameters"], STEM + ODE_FUNCTION + HEAD)
        self.assertEqual(answer["forward_nfe_per_iteration"], 10)
        # The stand-in's odeint_adjoint backpropagates through its steps: no evaluations in the backward pass.
        self.assertEqual(answer["backward_nfe_per_iteration"], 0)
        self.assertGreater(answer["seconds_per_iteration"], 0)

    def test_batches_come_from_idx_files_plain_or_gzip(self):
        with tempfile.TemporaryDirectory() as tree:
            stand_in_tree(tree)
            pixels = bytes(range(256)) * ((5 * 28 * 28) // 256 + 1)
            with gzip.open(os.path.join(tree, "train-images-idx3-ubyte.gz"), "wb") as f:
                f.write(struct.pack(">iiii", 0x803, 5, 28, 28) + pixels[:5 * 28 * 28])
            with open(os.path.join(tree, "train-labels-idx1-ubyte"), "wb") as f:
                f.write(struct.pack(">ii", 0x801, 5) + bytes([0, 1, 2, 3, 9]))
            code, out, err = run_script("--torchdiffeq", tree, "--data", tree, "--network", "resnet", "--iterations", "1", "--batch", "3")
        self.assertEqual(code, 0, err)
        answer = json.loads(out)
        self.assertEqual(answer["network"], "resnet")
        self.assertEqual(answer["forward_nfe_per_iteration"], 0)


if __name__ == "__main__":
    unittest.main()
