#!/usr/bin/env python3
"""The peers row of the OdeKernels benchmark report: issue #12's workloads run with PyTorch + torchdiffeq.

Runs, single-threaded (torch.set_num_threads(1)), in float32:
  * forward: the spiral network y -> Linear(50)(tanh(Linear(2, 50)(y**3))) (2 -> 50 -> 2, 252 parameters), fixed-step
    RK4 of 0.01 over LANES lanes and STEPS steps, saved at the start and the end -> lane-steps per second;
  * adjoint_gradient: the same solve through torchdiffeq.odeint_adjoint and L = 1/2 |y(T)|^2, loss.backward();
  * spiral_forward: one trajectory from u(0) = [2, 0] saved at 16 points on [0, 1.5], dopri5 at rtol 1e-6, atol 1e-8
    -> function evaluations (NFE) and time;
  * spiral_training_step: that solve, the mean squared error against the true spiral, loss.backward() (plain
    backpropagation through the solver, as torchdiffeq's ode_demo trains).
and prints one JSON object on stdout. Where torch or torchdiffeq cannot be imported it prints
{"available": false, "reason": "..."} and exits 0, so the report can say so in one line.

torchdiffeq is never vendored: give a source tree (the folder holding the torchdiffeq package) with --torchdiffeq PATH
or the environment variable TORCHDIFFEQ_SRC; an installed torchdiffeq is used otherwise. Only its public API is used
(torchdiffeq.odeint, torchdiffeq.odeint_adjoint with method, rtol, atol and options=dict(step_size=...)).

Usage: python3 bench/peers/torchdiffeq_bench.py [--torchdiffeq PATH] [--lanes 65536] [--steps 100] [--budget 0.5]
"""

import argparse
import json
import os
import sys
import time

FIXED_STEP = 0.01
HIDDEN = 50
SAVE_POINTS = 16
SPIRAL_END = 1.5


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--torchdiffeq", default=os.environ.get("TORCHDIFFEQ_SRC"),
                        help="a torchdiffeq source tree (default: $TORCHDIFFEQ_SRC, else an installed torchdiffeq)")
    parser.add_argument("--lanes", type=int, default=65536, help="lanes of the batched rows")
    parser.add_argument("--steps", type=int, default=100, help="fixed RK4 steps of the batched rows")
    parser.add_argument("--budget", type=float, default=0.5, help="seconds of timed repeats per figure (at least two)")
    return parser.parse_args(argv)


def absent(reason):
    """What the report reads when the peer cannot run."""
    return {"available": False, "reason": reason}


def import_peers(source):
    """(torch, torchdiffeq, None) or (None, None, reason)."""
    try:
        import torch
    except ImportError as error:
        return None, None, f"PyTorch is not installed for {sys.executable} ({error}); Debian: apt-get install python3-torch"
    if source:
        if not os.path.isdir(os.path.join(source, "torchdiffeq")):
            return None, None, f"no torchdiffeq package in {source} (--torchdiffeq / TORCHDIFFEQ_SRC must name the folder holding it)"
        sys.path.insert(0, os.path.abspath(source))
    try:
        import torchdiffeq
    except ImportError as error:
        return None, None, f"torchdiffeq cannot be imported ({error}); set TORCHDIFFEQ_SRC to a torchdiffeq source tree"
    return torch, torchdiffeq, None


def best_seconds(call, budget):
    """One warm-up call, then timed calls until the budget is spent (at least two, one for a call of a second or
    more: torchdiffeq's adjoint at 65,536 lanes takes seconds, and the report must finish within five minutes);
    the best is kept."""
    warm = time.perf_counter()
    call()
    least = 1 if time.perf_counter() - warm >= 1.0 else 2
    samples = []
    started = time.perf_counter()
    while len(samples) < least or time.perf_counter() - started < budget:
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
        if len(samples) >= 100:
            break
    return min(samples)


def spiral_module(torch, seed):
    """The spiral network as a torch module f(t, y) = W2 tanh(W1 y**3 + b1) + b2, counting its evaluations."""

    class Spiral(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.net = torch.nn.Sequential(torch.nn.Linear(2, HIDDEN), torch.nn.Tanh(), torch.nn.Linear(HIDDEN, 2))
            self.evaluations = 0

        def forward(self, t, y):
            self.evaluations += 1
            return self.net(y ** 3)

    torch.manual_seed(seed)
    return Spiral()


def initial_states(torch, lanes):
    """The report's initial states: x = 2(l mod 97)/97 - 1, y = 1 - 2(l mod 89)/89."""
    lane = torch.arange(lanes)
    x = 2.0 * (lane % 97).float() / 97 - 1
    y = 1.0 - 2.0 * (lane % 89).float() / 89
    return torch.stack([x, y], dim=1)


def batched(torch, torchdiffeq, lanes, steps, budget):
    func = spiral_module(torch, 1)
    y0 = initial_states(torch, lanes)
    t = torch.tensor([0.0, steps * FIXED_STEP])
    options = dict(step_size=FIXED_STEP)

    def forward():
        with torch.no_grad():
            return torchdiffeq.odeint(func, y0, t, method="rk4", options=options)

    def gradient():
        func.zero_grad()
        y = torchdiffeq.odeint_adjoint(func, y0, t, method="rk4", options=options)
        loss = 0.5 * (y[-1] ** 2).sum()
        loss.backward()

    forward_seconds = best_seconds(forward, budget)
    gradient_seconds = best_seconds(gradient, budget)
    return (
        {"lanes": lanes, "steps": steps, "method": "rk4", "seconds": forward_seconds,
         "lane_steps_per_s": lanes * steps / forward_seconds},
        {"lanes": lanes, "steps": steps, "method": "rk4", "adjoint": "odeint_adjoint", "seconds": gradient_seconds,
         "lane_steps_per_s": lanes * steps / gradient_seconds},
    )


def spiral_fit(torch, torchdiffeq, budget):
    t = torch.linspace(0.0, SPIRAL_END, SAVE_POINTS)
    true_a = torch.tensor([[-0.1, 2.0], [-2.0, -0.1]], dtype=torch.float64)

    def truth(_, y):
        return torch.mm(y ** 3, true_a)

    with torch.no_grad():
        observed = torchdiffeq.odeint(truth, torch.tensor([[2.0, 0.0]], dtype=torch.float64), t.double(),
                                      method="dopri5", rtol=1e-10, atol=1e-12).float()
    func = spiral_module(torch, 1)
    y0 = torch.tensor([[2.0, 0.0]])

    def forward():
        with torch.no_grad():
            return torchdiffeq.odeint(func, y0, t, method="dopri5", rtol=1e-6, atol=1e-8)

    def training_step():
        func.zero_grad()
        prediction = torchdiffeq.odeint(func, y0, t, method="dopri5", rtol=1e-6, atol=1e-8)
        loss = torch.mean((prediction - observed) ** 2)
        loss.backward()

    func.evaluations = 0
    forward()
    evaluations = func.evaluations
    return (
        {"save_points": SAVE_POINTS, "method": "dopri5", "rtol": 1e-6, "atol": 1e-8, "nfe": evaluations,
         "seconds": best_seconds(forward, budget)},
        {"method": "dopri5", "gradient": "backpropagation", "seconds": best_seconds(training_step, budget)},
    )


def measure(arguments):
    torch, torchdiffeq, reason = import_peers(arguments.torchdiffeq)
    if reason is not None:
        return absent(reason)
    torch.set_num_threads(1)
    forward, gradient = batched(torch, torchdiffeq, arguments.lanes, arguments.steps, arguments.budget)
    spiral_forward, spiral_step = spiral_fit(torch, torchdiffeq, arguments.budget)
    return {
        "available": True,
        "python": sys.version.split()[0],
        "torch": torch.__version__,
        "torchdiffeq": getattr(torchdiffeq, "__version__", "unknown"),
        "torchdiffeq_path": os.path.dirname(os.path.dirname(os.path.abspath(torchdiffeq.__file__))),
        "threads": torch.get_num_threads(),
        "forward": forward,
        "adjoint_gradient": gradient,
        "spiral_forward": spiral_forward,
        "spiral_training_step": spiral_step,
    }


def main(argv=None):
    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    print(json.dumps(measure(arguments)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
