"""Tests of torchdiffeq_bench.py's plumbing: the "absent" answer, and (where PyTorch is installed) a full run against a
stand-in torchdiffeq written here (fixed-step RK4 only), so the script's JSON is checked without torchdiffeq itself.

Run: python3 -m unittest discover -s bench/peers   (Debian's python3-torch: /usr/bin/python3 -m unittest ...)
"""

import json
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "torchdiffeq_bench.py")

# A stand-in with torchdiffeq's public signatures: fixed-step RK4 whatever the method (an adaptive method takes steps
# of 0.05), odeint_adjoint differentiated by plain backpropagation. Enough to exercise the script, nothing more.
STAND_IN = textwrap.dedent('''
    __version__ = "stand-in"

    def odeint(func, y0, t, rtol=1e-7, atol=1e-9, method=None, options=None):
        import torch
        step = (options or {}).get("step_size", 0.05)
        import math
        y, out, now = y0, [y0], float(t[0])
        for end in t[1:]:
            end = float(end)
            n = max(1, math.ceil((end - now) / step - 1e-3))
            h = (end - now) / n
            for i in range(n):
                k1 = func(now, y)
                k2 = func(now + h / 2, y + h / 2 * k1)
                k3 = func(now + h / 2, y + h / 2 * k2)
                k4 = func(now + h, y + h * k3)
                y = y + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
                now += h
            now = end
            out.append(y)
        return torch.stack(out)

    def odeint_adjoint(func, y0, t, rtol=1e-7, atol=1e-9, method=None, options=None, **kwargs):
        return odeint(func, y0, t, rtol, atol, method, options)
''')


def run_script(*arguments, environment=None):
    env = dict(os.environ)
    env.pop("TORCHDIFFEQ_SRC", None)
    env.update(environment or {})
    completed = subprocess.run([sys.executable, SCRIPT, *arguments], capture_output=True, text=True, env=env, timeout=300)
    return completed.returncode, completed.stdout, completed.stderr


def torch_installed():
    try:
        import torch  # noqa: F401
        return True
    except ImportError:
        return False


class AbsentTests(unittest.TestCase):
    def test_a_missing_source_tree_is_reported_in_one_json_line(self):
        code, out, err = run_script("--torchdiffeq", os.path.join(tempfile.gettempdir(), "no-such-torchdiffeq-tree"))
        self.assertEqual(code, 0, err)
        self.assertEqual(len(out.strip().splitlines()), 1)
        answer = json.loads(out)
        self.assertFalse(answer["available"])
        self.assertTrue(answer["reason"])

    def test_the_environment_variable_names_the_tree(self):
        code, out, err = run_script(environment={"TORCHDIFFEQ_SRC": os.path.join(tempfile.gettempdir(), "no-such-tree")})
        self.assertEqual(code, 0, err)
        answer = json.loads(out)
        self.assertFalse(answer["available"])
        if torch_installed():
            self.assertIn("no-such-tree", answer["reason"])


@unittest.skipUnless(torch_installed(), "PyTorch is not installed for this Python")
class StandInTests(unittest.TestCase):
    def test_every_workload_is_measured_single_threaded(self):
        with tempfile.TemporaryDirectory() as tree:
            os.makedirs(os.path.join(tree, "torchdiffeq"))
            with open(os.path.join(tree, "torchdiffeq", "__init__.py"), "w", encoding="utf-8") as f:
                f.write(STAND_IN)
            code, out, err = run_script("--torchdiffeq", tree, "--lanes", "64", "--steps", "5", "--budget", "0")
        self.assertEqual(code, 0, err)
        answer = json.loads(out)
        self.assertTrue(answer["available"], answer)
        self.assertEqual(answer["torchdiffeq"], "stand-in")
        self.assertEqual(answer["threads"], 1)
        self.assertEqual((answer["forward"]["lanes"], answer["forward"]["steps"]), (64, 5))
        self.assertAlmostEqual(answer["forward"]["lane_steps_per_s"], 64 * 5 / answer["forward"]["seconds"])
        self.assertGreater(answer["adjoint_gradient"]["seconds"], 0)
        # The stand-in takes 30 RK4 steps of 0.05 over [0, 1.5]: 4 evaluations each.
        self.assertEqual(answer["spiral_forward"]["nfe"], 120)
        self.assertGreater(answer["spiral_training_step"]["seconds"], 0)


if __name__ == "__main__":
    unittest.main()
