#!/usr/bin/env python3
"""The image-classification peer of issue #13: Chen et al.'s MNIST ODE-Net (and ResNet) timed with PyTorch + torchdiffeq.

The model is the one torchdiffeq's examples/odenet_mnist.py builds (written here from its description, not copied):
  * downsampling stem: Conv2d(1, 64, 3) -> GroupNorm(32, 64) -> ReLU -> Conv2d(64, 64, 4, 2, 1) -> GroupNorm -> ReLU
    -> Conv2d(64, 64, 4, 2, 1), taking 1 x 28 x 28 to 64 x 6 x 6;
  * feature block: one ODE block over [0, 1] whose function is GroupNorm -> ReLU -> ConcatConv2d -> GroupNorm -> ReLU
    -> ConcatConv2d -> GroupNorm, ConcatConv2d being a 3 x 3 convolution (padding 1) over [t ; x], time as an extra
    constant first input channel (--network odenet); or six residual blocks of GroupNorm -> ReLU -> conv3x3 ->
    GroupNorm -> ReLU -> conv3x3 plus the shortcut (--network resnet);
  * head: GroupNorm -> ReLU -> global average pooling -> Linear(64, 10).
GroupNorm has min(32, channels) groups, as in the example. --channels C, --groups G and --stem-padding 1 build the
same model at another width, group count and a padded first convolution (1 x 28 x 28 to C x 7 x 7): OdeKernels'
examples/ImageOdeNet declarations, so that the benchmark report's comparison times the same shapes on both sides.

Times one training iteration at batch 128 (default) on the CPU: forward, cross-entropy, backward (torchdiffeq's
odeint_adjoint, the continuous "backsolve" adjoint, by default; --direct backpropagates through the solver as the
RK-Net does) and an SGD step with momentum 0.9 at 0.1 (Chen et al.'s optimiser), with torch.set_num_threads(--threads).
The inputs are uniform random images in [0, 1) with random labels from the seed (the cost per iteration does not
depend on the pixels beyond the adaptive solver's step count; --data reads real IDX images instead).

Prints one JSON object: seconds per iteration (median of the timed iterations after --warmup untimed ones), forward
and backward NFE per iteration (evaluations of the ODE function; 0 for the ResNet), parameters, threads, method.
Where torch or torchdiffeq cannot be imported it prints {"available": false, "reason": "..."} and exits 0.
torchdiffeq is never vendored: give a source tree with --torchdiffeq PATH or TORCHDIFFEQ_SRC, as torchdiffeq_bench.py.

Usage: python3 bench/peers/odenet_mnist_torchdiffeq.py [--threads 2] [--method dopri5] [--tol 1e-3] [--iterations 5]
"""

import argparse
import gzip
import json
import os
import statistics
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torchdiffeq_bench import absent, import_peers  # noqa: E402

CHANNELS = 64  # Chen et al.'s width, the default of --channels
CLASSES = 10
FIXED_STEP_METHODS = ("euler", "midpoint", "rk4", "explicit_adams", "implicit_adams")


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--torchdiffeq", default=os.environ.get("TORCHDIFFEQ_SRC"),
                        help="a torchdiffeq source tree (default: $TORCHDIFFEQ_SRC, else an installed torchdiffeq)")
    parser.add_argument("--network", choices=["odenet", "resnet"], default="odenet")
    parser.add_argument("--channels", type=int, default=CHANNELS, help="width C of the feature maps (Chen et al.: 64)")
    parser.add_argument("--groups", type=int, help="GroupNorm groups (default: min(32, C), torchdiffeq's example)")
    parser.add_argument("--stem-padding", type=int, default=0, help="padding of the stem's first 3 x 3 convolution (0: 6 x 6 maps, torchdiffeq's; 1: 7 x 7)")
    parser.add_argument("--method", default="dopri5", help="torchdiffeq method (dopri5, tsit5, rk4, euler, ...)")
    parser.add_argument("--tol", type=float, default=1e-3, help="rtol = atol of an adaptive method (Chen et al.: 1e-3)")
    parser.add_argument("--step-size", type=float, default=0.25, help="step of a fixed-step method on [0, 1]")
    parser.add_argument("--direct", action="store_true", help="odeint (backpropagation through the solver), not odeint_adjoint")
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--threads", type=int, default=1, help="torch.set_num_threads")
    parser.add_argument("--iterations", type=int, default=5, help="timed iterations")
    parser.add_argument("--warmup", type=int, default=1, help="untimed iterations first")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--data", help="a folder with train-images-idx3-ubyte[.gz] and train-labels-idx1-ubyte[.gz] to take the batches from")
    return parser.parse_args(argv)


def build_model(torch, network, solve, solver_options, channels=CHANNELS, groups=None, stem_padding=0):
    """The stem, feature block and head of torchdiffeq's MNIST example; returns (model, ode_function or None)."""
    nn = torch.nn
    for name, value in (("channels", channels), ("groups", groups), ("stem_padding", stem_padding)):
        if value is not None and value < (0 if name == "stem_padding" else 1):
            raise ValueError(f"{name} must be {'non-negative' if name == 'stem_padding' else 'positive'}, but it is {value}")
    groups = min(32, channels) if groups is None else groups
    if channels % groups:
        raise ValueError(f"groups must divide channels = {channels}, but it is {groups}")

    def group_norm(torch, width):
        return nn.GroupNorm(groups, width)

    class ConcatConv2d(nn.Module):
        """A 3 x 3 convolution over [t ; x]: time as a constant extra input channel (Chen et al.'s ODE function)."""

        def __init__(self, channels):
            super().__init__()
            self.layer = nn.Conv2d(channels + 1, channels, 3, 1, 1)

        def forward(self, t, x):
            return self.layer(torch.cat([torch.ones_like(x[:, :1]) * t, x], 1))

    class OdeFunction(nn.Module):
        def __init__(self, channels):
            super().__init__()
            self.norm1, self.conv1 = group_norm(torch, channels), ConcatConv2d(channels)
            self.norm2, self.conv2 = group_norm(torch, channels), ConcatConv2d(channels)
            self.norm3 = group_norm(torch, channels)
            self.evaluations = 0

        def forward(self, t, x):
            self.evaluations += 1
            out = self.conv1(t, torch.relu(self.norm1(x)))
            out = self.conv2(t, torch.relu(self.norm2(out)))
            return self.norm3(out)

    class OdeBlock(nn.Module):
        def __init__(self, function):
            super().__init__()
            self.function = function
            self.register_buffer("times", torch.tensor([0.0, 1.0]))

        def forward(self, x):
            return solve(self.function, x, self.times, **solver_options)[1]

    class ResidualBlock(nn.Module):
        def __init__(self, channels):
            super().__init__()
            self.norm1 = group_norm(torch, channels)
            self.conv1 = nn.Conv2d(channels, channels, 3, 1, 1, bias=False)
            self.norm2 = group_norm(torch, channels)
            self.conv2 = nn.Conv2d(channels, channels, 3, 1, 1, bias=False)

        def forward(self, x):
            out = self.conv1(torch.relu(self.norm1(x)))
            return self.conv2(torch.relu(self.norm2(out))) + x

    stem = [
        nn.Conv2d(1, channels, 3, 1, stem_padding), group_norm(torch, channels), nn.ReLU(),
        nn.Conv2d(channels, channels, 4, 2, 1), group_norm(torch, channels), nn.ReLU(),
        nn.Conv2d(channels, channels, 4, 2, 1),
    ]
    function = OdeFunction(channels) if network == "odenet" else None
    features = [OdeBlock(function)] if function is not None else [ResidualBlock(channels) for _ in range(6)]
    head = [group_norm(torch, channels), nn.ReLU(), nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten(), nn.Linear(channels, CLASSES)]
    return nn.Sequential(*stem, *features, *head), function


def solver_options(args):
    if args.method in FIXED_STEP_METHODS:
        return {"method": args.method, "options": {"step_size": args.step_size}}
    return {"method": args.method, "rtol": args.tol, "atol": args.tol}


def read_idx(path):
    """An IDX file (plain or gzip, told apart by the first two bytes) as (sizes, bytes)."""
    with open(path, "rb") as raw:
        start = raw.read(2)
    opener = gzip.open if start == b"\x1f\x8b" else open
    with opener(path, "rb") as stream:
        content = stream.read()
    magic, = struct.unpack(">i", content[:4])
    dimensions = magic & 0xFF
    sizes = struct.unpack(">" + "i" * dimensions, content[4:4 + 4 * dimensions])
    return sizes, content[4 + 4 * dimensions:]


def find(folder, name):
    for candidate in (name + ".gz", name):
        path = os.path.join(folder, candidate)
        if os.path.exists(path):
            return path
    raise FileNotFoundError(f"no {name} or {name}.gz in {folder}")


def batches(torch, args):
    """An endless stream of (images, labels) batches: random, or from --data in file order."""
    generator = torch.Generator().manual_seed(args.seed)
    if not args.data:
        while True:
            yield (torch.rand(args.batch, 1, 28, 28, generator=generator),
                   torch.randint(0, CLASSES, (args.batch,), generator=generator))
    (count, rows, columns), pixels = read_idx(find(args.data, "train-images-idx3-ubyte"))
    _, labels = read_idx(find(args.data, "train-labels-idx1-ubyte"))
    images = torch.frombuffer(bytearray(pixels), dtype=torch.uint8).reshape(count, 1, rows, columns)
    targets = torch.frombuffer(bytearray(labels), dtype=torch.uint8).long()
    start = 0
    while True:
        index = torch.arange(start, start + args.batch) % count
        start = (start + args.batch) % count
        yield images[index].float() / 255, targets[index]


def main(argv):
    args = parse_arguments(argv)
    torch, torchdiffeq, reason = import_peers(args.torchdiffeq)
    if reason:
        print(json.dumps(absent(reason)))
        return 0
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    solve = torchdiffeq.odeint if args.direct else torchdiffeq.odeint_adjoint
    model, function = build_model(torch, args.network, solve, solver_options(args), args.channels, args.groups, args.stem_padding)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    criterion = torch.nn.CrossEntropyLoss()
    stream = batches(torch, args)
    seconds, forward_nfe, backward_nfe = [], [], []
    for iteration in range(args.warmup + args.iterations):
        x, y = next(stream)
        start = time.perf_counter()
        if function is not None:
            function.evaluations = 0
        optimizer.zero_grad()
        loss = criterion(model(x), y)
        forward = function.evaluations if function is not None else 0
        loss.backward()
        optimizer.step()
        elapsed = time.perf_counter() - start
        if iteration >= args.warmup:
            seconds.append(elapsed)
            forward_nfe.append(forward)
            backward_nfe.append((function.evaluations if function is not None else 0) - forward)
    print(json.dumps({
        "available": True,
        "torch": torch.__version__,
        "torchdiffeq": getattr(torchdiffeq, "__version__", "unknown"),
        "network": args.network,
        "method": args.method,
        "tol": args.tol if args.method not in FIXED_STEP_METHODS else None,
        "step_size": args.step_size if args.method in FIXED_STEP_METHODS else None,
        "adjoint": "direct" if args.direct else "backsolve",
        "threads": args.threads,
        "channels": args.channels,
        "groups": min(32, args.channels) if args.groups is None else args.groups,
        "stem_padding": args.stem_padding,
        "batch": args.batch,
        "parameters": sum(p.numel() for p in model.parameters()),
        "iterations": args.iterations,
        "seconds_per_iteration": statistics.median(seconds) if seconds else None,
        "forward_nfe_per_iteration": statistics.mean(forward_nfe) if forward_nfe else None,
        "backward_nfe_per_iteration": statistics.mean(backward_nfe) if backward_nfe else None,
        "final_loss": float(loss),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
