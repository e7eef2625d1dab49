#!/usr/bin/env python3
"""The continuous-normalizing-flow peer of issue #15: the Flows example's flow trained with PyTorch + torchdiffeq.

The same flow as examples/Flows (its FlowNet): f(t, z) = L3(tanh(L2(tanh(L1(z, t)), t)), t) with two hidden layers of
H = 32 tanh units and time as an extra input of every layer (Li(x, t) = Wi [x; t] + bi, the "concat" layers of
Chen et al. 2018, as [Dynamics(TimeInput = true)] declares them), float64, data at t = 0 carried to a standard normal at t1 = 0.5, dopri5 at rtol = atol = 1e-5,
the exact divergence tr(df/dz) through autograd (d backward passes, as torchdiffeq's examples/cnf.py computes it),
torchdiffeq.odeint_adjoint (the continuous adjoint, the example's default --adjoint Backsolve) or odeint (--direct,
backpropagation through the solver), Adam with cosine annealing to a twentieth of the rate, batches of 256 drawn with
replacement. The points are the example's own (it writes --out/data/<density>-train.csv and -test.csv), so both
train on the same data; the initial parameters are PyTorch's default initialisation, not the example's.

Prints one JSON object: seconds per iteration (the mean and the median after one warm-up iteration, and every
iteration's time, so a caller can take medians over runs), forward NFE per iteration, backward
NFE per iteration (the adjoint solve's evaluations of the dynamics; 0 for --direct, whose backward pass is
backpropagation through the forward evaluations), the
held-out negative log-likelihood in nats after training (exact trace), threads. Where torch or torchdiffeq cannot be
imported it prints {"available": false, "reason": "..."} and exits 0. torchdiffeq is never vendored: give a source
tree with --torchdiffeq PATH or TORCHDIFFEQ_SRC (the folder holding the torchdiffeq package), as torchdiffeq_bench.py.

Usage: python3 bench/peers/cnf_torchdiffeq.py --data out/flows/data/8gaussians [--iterations 100] [--threads 1]
"""

import argparse
import json
import math
import os
import statistics
import sys
import time

# The "absent" answer and the torch / torchdiffeq import (TORCHDIFFEQ_SRC) are the other peer's, written once.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torchdiffeq_bench import absent, import_peers  # noqa: E402

END_TIME = 0.5


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--torchdiffeq", default=os.environ.get("TORCHDIFFEQ_SRC"),
                        help="a torchdiffeq source tree (default: $TORCHDIFFEQ_SRC, else an installed torchdiffeq)")
    parser.add_argument("--data", required=True,
                        help="the example's data prefix: reads PREFIX-train.csv and PREFIX-test.csv (x,y per line)")
    parser.add_argument("--iterations", type=int, default=100, help="training iterations")
    parser.add_argument("--batch", type=int, default=256, help="points per iteration")
    parser.add_argument("--hidden", type=int, default=32, help="hidden units per layer (the example's FlowNet: 32)")
    parser.add_argument("--learning-rate", type=float, default=0.01, help="Adam's peak rate")
    parser.add_argument("--tolerance", type=float, default=1e-5, help="dopri5's rtol = atol")
    parser.add_argument("--direct", action="store_true", help="odeint (backpropagation through the solver), not odeint_adjoint")
    parser.add_argument("--threads", type=int, default=1, help="torch.set_num_threads")
    parser.add_argument("--seed", type=int, default=0, help="torch.manual_seed (initialisation and batches)")
    return parser.parse_args(argv)


def read_points(torch, path):
    """The example's CSV (header x,y) as an n x 2 float64 tensor."""
    with open(path, encoding="utf-8") as lines:
        next(lines)
        rows = [tuple(float(v) for v in line.split(",")) for line in lines if line.strip()]
    return torch.tensor(rows, dtype=torch.float64)


def flow_module(torch, hidden):
    """The augmented dynamics (dz/dt, dlogp/dt = -tr df/dz), the trace exact through autograd, counting evaluations."""
    class Augmented(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.layers = torch.nn.ModuleList([
                torch.nn.Linear(2 + 1, hidden), torch.nn.Linear(hidden + 1, hidden), torch.nn.Linear(hidden + 1, 2)])
            self.evaluations = 0

        def field(self, t, z):
            time_column = torch.ones_like(z[:, :1]) * t
            h = z
            for index, layer in enumerate(self.layers):
                h = layer(torch.cat([h, time_column], dim=1))
                if index < len(self.layers) - 1:
                    h = torch.tanh(h)
            return h

        def forward(self, t, state):
            z, _ = state
            self.evaluations += 1
            with torch.enable_grad():
                z = z.requires_grad_(True)
                dz = self.field(t, z)
                trace = torch.zeros(z.shape[0], dtype=z.dtype)
                for i in range(z.shape[1]):
                    trace = trace + torch.autograd.grad(dz[:, i].sum(), z, create_graph=True)[0][:, i]
            return dz, -trace

    return Augmented().double()


def negative_log_likelihood(torch, solve, module, x, tolerance):
    """-mean log p(x) = mean(1/2 |z(t1)|^2 + log 2 pi + dlogp(t1)) for d = 2."""
    times = torch.tensor([0.0, END_TIME], dtype=torch.float64)
    z, logp = solve(module, (x, torch.zeros(x.shape[0], dtype=torch.float64)), times, rtol=tolerance, atol=tolerance, method="dopri5")
    z1, delta = z[-1], logp[-1]
    return (0.5 * (z1 * z1).sum(dim=1) + math.log(2 * math.pi) + delta).mean()


def main(argv):
    args = parse_arguments(argv)
    torch, torchdiffeq, reason = import_peers(args.torchdiffeq)
    if reason:
        print(json.dumps(absent(reason)))
        return 0
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    train = read_points(torch, args.data + "-train.csv")
    test = read_points(torch, args.data + "-test.csv")
    module = flow_module(torch, args.hidden)
    solve = torchdiffeq.odeint if args.direct else torchdiffeq.odeint_adjoint
    optimizer = torch.optim.Adam(module.parameters(), lr=args.learning_rate)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=args.iterations, eta_min=args.learning_rate / 20)
    seconds, evaluations, backward_evaluations = [], [], []
    for _ in range(args.iterations):
        batch = train[torch.randint(0, train.shape[0], (args.batch,))]
        start = time.perf_counter()
        module.evaluations = 0
        optimizer.zero_grad()
        loss = negative_log_likelihood(torch, solve, module, batch, args.tolerance)
        forward = module.evaluations
        loss.backward()
        optimizer.step()
        schedule.step()
        seconds.append(time.perf_counter() - start)
        evaluations.append(forward)
        backward_evaluations.append(module.evaluations - forward)
    timed = seconds[1:] or seconds
    with torch.no_grad():
        test_nll = float(negative_log_likelihood(torch, torchdiffeq.odeint, module, test, args.tolerance))
    print(json.dumps({
        "available": True,
        "torch": torch.__version__,
        "torchdiffeq": getattr(torchdiffeq, "__version__", "unknown"),
        "threads": args.threads,
        "adjoint": "direct" if args.direct else "backsolve",
        "iterations": args.iterations,
        "seconds_per_iteration": sum(timed) / len(timed),
        "seconds_median": statistics.median(timed),
        "seconds": seconds,
        "forward_nfe_per_iteration": sum(evaluations) / len(evaluations),
        "backward_nfe_per_iteration": sum(backward_evaluations) / len(backward_evaluations),
        "final_train_loss": float(loss),
        "test_nll": test_nll,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
