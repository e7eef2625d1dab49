"""Tests of cnf_torchdiffeq.py: the "absent" answer, and (where PyTorch is installed) its exact trace against a
finite-difference Jacobian and a full run against a stand-in torchdiffeq written here (fixed-step Euler on tuple
states), so the script's JSON is checked without torchdiffeq itself.

Run: python3 -m unittest discover -s bench/peers   (Debian's python3-torch: /usr/bin/python3 -m unittest ...)
"""

import json
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "cnf_torchdiffeq.py")

# torchdiffeq's public signatures on tuple states: ten Euler steps per interval whatever the method and tolerances.
STAND_IN = textwrap.dedent('''
    __version__ = "stand-in"

    def odeint(func, y0, t, rtol=1e-7, atol=1e-9, method=None, options=None):
        import torch
        y, out = y0, [y0]
        for k in range(1, len(t)):
            h = float(t[k] - t[k - 1]) / 10
            now = float(t[k - 1])
            for _ in range(10):
                dy = func(torch.tensor(now, dtype=torch.float64), y)
                y = tuple(a + h * b for a, b in zip(y, dy))
                now += h
            out.append(y)
        return tuple(torch.stack([state[i] for state in out]) for i in range(len(y0)))

    def odeint_adjoint(func, y0, t, rtol=1e-7, atol=1e-9, method=None, options=None, **kwargs):
        return odeint(func, y0, t, rtol, atol, method, options)
''')


def torch_installed():
    try:
        import torch  # noqa: F401
        return True
    except ImportError:
        return False


def run_script(*arguments):
    env = dict(os.environ)
    env.pop("TORCHDIFFEQ_SRC", None)
    completed = subprocess.run([sys.executable, SCRIPT, *arguments], capture_output=True, text=True, env=env, timeout=300)
    return completed.returncode, completed.stdout, completed.stderr


class AbsentTests(unittest.TestCase):
    def test_a_missing_source_tree_is_reported_in_one_json_line(self):
        code, out, err = run_script("--data", "unused", "--torchdiffeq", os.path.join(tempfile.gettempdir(), "no-such-torchdiffeq-tree"))
        self.assertEqual(code, 0, err)
        answer = json.loads(out)
        self.assertFalse(answer["available"])
        self.assertTrue(answer["reason"])


@unittest.skipUnless(torch_installed(), "PyTorch is not installed for this Python")
class PeerTests(unittest.TestCase):
    def test_the_trace_is_the_finite_difference_jacobians(self):
        import torch
        sys.path.insert(0, HERE)
        from cnf_torchdiffeq import flow_module
        torch.manual_seed(3)
        module = flow_module(torch, 5)
        z = torch.randn(4, 2, dtype=torch.float64)
        t = torch.tensor(0.3, dtype=torch.float64)
        _, minus_trace = module(t, (z, torch.zeros(4, dtype=torch.float64)))
        eps = 1e-6
        with torch.no_grad():
            for lane in range(4):
                trace = 0.0
                for i in range(2):
                    up, down = z.clone(), z.clone()
                    up[lane, i] += eps
                    down[lane, i] -= eps
                    trace += float(module.field(t, up)[lane, i] - module.field(t, down)[lane, i]) / (2 * eps)
                self.assertAlmostEqual(-float(minus_trace[lane]), trace, places=6)

    def test_a_run_reports_time_nfe_and_held_out_nll(self):
        with tempfile.TemporaryDirectory() as tree:
            os.makedirs(os.path.join(tree, "torchdiffeq"))
            with open(os.path.join(tree, "torchdiffeq", "__init__.py"), "w", encoding="utf-8") as f:
                f.write(STAND_IN)
            for part in ("train", "test"):
                with open(os.path.join(tree, f"toy-{part}.csv"), "w", encoding="utf-8") as f:
                    f.write("x,y\n" + "".join(f"{0.1 * k},{-0.05 * k}\n" for k in range(20)))
            code, out, err = run_script("--torchdiffeq", tree, "--data", os.path.join(tree, "toy"), "--iterations", "3", "--batch", "8", "--hidden", "4")
        self.assertEqual(code, 0, err)
        answer = json.loads(out)
        self.assertTrue(answer["available"], answer)
        self.assertEqual(answer["torchdiffeq"], "stand-in")
        self.assertEqual(answer["iterations"], 3)
        self.assertEqual(answer["forward_nfe_per_iteration"], 10)
        # The stand-in's odeint_adjoint backpropagates through its steps: no evaluations in the backward pass.
        self.assertEqual(answer["backward_nfe_per_iteration"], 0)
        self.assertGreater(answer["seconds_per_iteration"], 0)
        # Every iteration's time, and the median of those after the first (the warm-up).
        self.assertEqual(len(answer["seconds"]), 3)
        self.assertAlmostEqual(answer["seconds_median"], sum(answer["seconds"][1:]) / 2, places=12)
        self.assertTrue(answer["test_nll"] == answer["test_nll"])


if __name__ == "__main__":
    unittest.main()
