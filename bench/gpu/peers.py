#!/usr/bin/env python3
"""The GPU verification kit's peers: OdeKernels.GpuCheck's throughput rows run with PyTorch + torchdiffeq and with
JAX + diffrax on the GPU, written in the same table (the columns of COLUMNS, one row per figure), and the merge of
those tables into one report.

  peers.py torch   --out DIR [--device cuda] [--lanes 1024,65536,1048576] [--steps 20] [--repeats 5] [--budget 3]
  peers.py diffrax --out DIR [same options]
  peers.py merge   --out DIR odekernels.csv peers-torch.csv peers-diffrax.csv ...

The workload is GpuCheck's (and bench/peers/torchdiffeq_bench.py's): the spiral network y -> Linear(50)(tanh(
Linear(2, 50)(y**3))), float32, classic Rk4 with fixed steps of 0.01 over STEPS steps, saved at the start and the
end, at each lane count; L = sum(w * y) with w = cos(0.3 + 1.1 i) over the saved states. Methods, named as the
OdeKernels rows they compare with:
  forward       torchdiffeq.odeint under no_grad / diffrax.diffeqsolve
  Backsolve     torchdiffeq.odeint_adjoint + backward / diffrax.BacksolveAdjoint: the continuous adjoint
  Direct        backpropagation through torchdiffeq.odeint: the discrete adjoint, every step stored
  Checkpointed  diffrax.RecursiveCheckpointAdjoint (diffrax's default): the discrete adjoint with checkpoints
A figure is lane-steps per second over the median of the timed calls after one warm-up call (at least 3, at most
--repeats, none started after --budget seconds once 3 are done), each call synchronised with the device.

The peers come from the Python that runs this script (the device image has torch, torchdiffeq, jax and diffrax);
none is vendored. The network and the initial states are bench/peers/torchdiffeq_bench.py's, imported from there.
A peer that cannot be imported, or a device it cannot see, gives one skipped row saying why, and exit code 0.
"""

import argparse
import csv
import math
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "peers"))
import torchdiffeq_bench as shared  # noqa: E402  (the spiral module, the initial states, the torchdiffeq import)

COLUMNS = ["section", "workload", "precision", "method", "lanes", "engine", "value", "unit", "seconds", "limit",
           "status", "note"]
WORKLOAD = "spiral Rk4 fixed 0.01"
DEFAULT_LANES = "1024,65536,1048576"


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["torch", "diffrax", "merge"])
    parser.add_argument("tables", nargs="*", help="merge: the CSV tables to merge, in order")
    parser.add_argument("--out", required=True, help="folder of the table (peers-<engine>.csv/.md, or gpu-report.*)")
    parser.add_argument("--device", default="cuda", help="torch device, or 'cpu' for JAX's CPU (a check without a GPU)")
    parser.add_argument("--lanes", default=DEFAULT_LANES, help="comma-separated lane counts")
    parser.add_argument("--steps", type=int, default=20, help="fixed Rk4 steps")
    parser.add_argument("--repeats", type=int, default=5, help="timed calls per figure, at most (at least 3)")
    parser.add_argument("--budget", type=float, default=3.0, help="seconds after which no timed call starts once 3 are done")
    arguments = parser.parse_intermixed_args(argv)  # merge --out DIR a.csv b.csv: tables after the options
    try:
        arguments.lanes = [int(part) for part in arguments.lanes.split(",")]
    except ValueError:
        parser.error(f"--lanes: '{arguments.lanes}' is not a comma-separated list of lane counts")
    if any(lanes < 1 for lanes in arguments.lanes) or arguments.steps < 1 or arguments.repeats < 3 or not arguments.budget > 0:
        parser.error("--lanes entries and --steps must be positive, --repeats at least 3, --budget positive")
    return arguments


def row(section, method, lanes, engine, value="", unit="", seconds="", status="ok", note=""):
    """One table row as a dict of COLUMNS (numbers as GpuCheck prints them: six significant digits)."""
    def number(x):
        return x if isinstance(x, str) else f"{x:.6g}"
    return {"section": section, "workload": WORKLOAD if section == "throughput" else "", "precision": "float",
            "method": method, "lanes": str(lanes), "engine": engine, "value": number(value), "unit": unit,
            "seconds": number(seconds), "limit": "", "status": status, "note": note.replace("|", "/").replace("\n", " ")}


def median_seconds(call, synchronise, repeats, budget):
    """One warm-up call, then timed calls (see the module's docstring); the median and the count."""
    call()
    synchronise()
    samples = []
    started = time.perf_counter()
    while len(samples) < repeats and (len(samples) < 3 or time.perf_counter() - started < budget):
        start = time.perf_counter()
        call()
        synchronise()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), len(samples)


def loss_weights(count):
    """GpuCheck's loss weights: cos(0.3 + 1.1 i)."""
    return [math.cos(0.3 + 1.1 * i) for i in range(count)]


def timed_rows(engine, lanes, method, call, synchronise, arguments, how):
    """The row of one figure; a failure (out of memory, say) is a FAIL row with the error, and the run goes on."""
    try:
        seconds, count = median_seconds(call, synchronise, arguments.repeats, arguments.budget)
    except Exception as error:  # noqa: BLE001  (any failure of the peer is recorded, never fatal)
        return row("throughput", method, lanes, engine, unit="lane-steps/s", status="FAIL",
                   note=f"{type(error).__name__}: {str(error)[:300]}")
    return row("throughput", method, lanes, engine, lanes * arguments.steps / seconds, "lane-steps/s", seconds,
               note=f"{how}; median of {count} after a warm-up call, {arguments.steps} steps")


def torch_rows(arguments, table):
    torch, torchdiffeq, reason = shared.import_peers(os.environ.get("TORCHDIFFEQ_SRC"))
    if reason is not None:
        return table.add(row("device", "", "", "PyTorch + torchdiffeq", status="skipped", note=reason))
    engine = f"PyTorch {torch.__version__} + torchdiffeq {getattr(torchdiffeq, '__version__', '?')}"
    device = torch.device(arguments.device)
    if device.type == "cuda" and not torch.cuda.is_available():
        return table.add(row("device", "", "", engine, status="skipped", note="torch.cuda.is_available() is False"))
    name = torch.cuda.get_device_name(device) if device.type == "cuda" else "CPU"
    table.header.append(f"{engine} on {name} ({sys.executable}, Python {sys.version.split()[0]})")
    table.add(row("device", "", "", engine, name, note=f"torch.device('{arguments.device}')"))

    def synchronise():
        if device.type == "cuda":
            torch.cuda.synchronize(device)

    func = shared.spiral_module(torch, 1).to(device)
    t = torch.tensor([0.0, arguments.steps * shared.FIXED_STEP], device=device)
    options = dict(step_size=shared.FIXED_STEP)
    for lanes in arguments.lanes:
        y0 = shared.initial_states(torch, lanes).to(device)
        weights = torch.tensor(loss_weights(2 * lanes * 2), device=device).reshape(2, lanes, 2)

        def forward():
            with torch.no_grad():
                torchdiffeq.odeint(func, y0, t, method="rk4", options=options)

        def backsolve():
            func.zero_grad()
            start = y0.detach().requires_grad_(True)
            y = torchdiffeq.odeint_adjoint(func, start, t, method="rk4", options=options)
            (weights * y).sum().backward()

        def direct():
            func.zero_grad()
            start = y0.detach().requires_grad_(True)
            y = torchdiffeq.odeint(func, start, t, method="rk4", options=options)
            (weights * y).sum().backward()

        for method, call, how in (("forward", forward, "odeint under no_grad"),
                                  ("Backsolve", backsolve, "odeint_adjoint + backward (continuous adjoint)"),
                                  ("Direct", direct, "backpropagation through odeint (discrete adjoint, all steps stored)")):
            table.add(timed_rows(engine, lanes, method, call, synchronise, arguments, how))
        if device.type == "cuda":
            torch.cuda.empty_cache()


class _Rk4Tableau:
    """Classic Rk4 as a diffrax explicit Runge-Kutta method (diffrax has no Rk4): built on first use."""
    solver = None

    @classmethod
    def get(cls, diffrax, numpy):
        if cls.solver is None:
            rk4_tableau = diffrax.ButcherTableau(
                c=numpy.array([0.5, 0.5, 1.0]),
                b_sol=numpy.array([1 / 6, 1 / 3, 1 / 3, 1 / 6]),
                b_error=numpy.zeros(4),
                a_lower=(numpy.array([0.5]), numpy.array([0.0, 0.5]), numpy.array([0.0, 0.0, 1.0])))

            # As diffrax declares its own methods (diffrax/_solver/ralston.py): the tableau and the interpolation
            # as class attributes, the order as a method.
            class Rk4(diffrax.AbstractERK):
                tableau = rk4_tableau
                interpolation_cls = diffrax.ThirdOrderHermitePolynomialInterpolation.from_k

                def order(self, terms):
                    return 4

            cls.solver = Rk4()
        return cls.solver


def diffrax_rows(arguments, table):
    try:
        import jax
        import jax.numpy as jnp
        import numpy
        import diffrax
    except ImportError as error:
        return table.add(row("device", "", "", "JAX + diffrax", status="skipped", note=f"cannot import jax and diffrax ({error})"))
    engine = f"JAX {jax.__version__} + diffrax {getattr(diffrax, '__version__', '?')}"
    platform = "gpu" if arguments.device.startswith("cuda") else "cpu"
    try:
        device = jax.devices(platform)[0]
    except RuntimeError as error:
        return table.add(row("device", "", "", engine, status="skipped", note=f"JAX sees no {platform} device ({error})"))
    table.header.append(f"{engine} on {device.device_kind} ({sys.executable})")
    table.add(row("device", "", "", engine, device.device_kind, note=f"jax.devices('{platform}')[0]"))
    try:
        solver = _Rk4Tableau.get(diffrax, numpy)
    except Exception as error:  # noqa: BLE001
        return table.add(row("throughput", "", "", engine, status="FAIL", note=f"Rk4 as a diffrax ButcherTableau failed: {type(error).__name__}: {error}"))

    # torch.nn.Linear's initialisation, U(-1/sqrt(fan_in), 1/sqrt(fan_in)); the values do not change the fixed-step work.
    generator = numpy.random.default_rng(1)
    hidden = shared.HIDDEN
    params = {
        "w1": generator.uniform(-1 / math.sqrt(2), 1 / math.sqrt(2), (2, hidden)),
        "b1": generator.uniform(-1 / math.sqrt(2), 1 / math.sqrt(2), (hidden,)),
        "w2": generator.uniform(-1 / math.sqrt(hidden), 1 / math.sqrt(hidden), (hidden, 2)),
        "b2": generator.uniform(-1 / math.sqrt(hidden), 1 / math.sqrt(hidden), (2,)),
    }
    params = jax.device_put({k: jnp.asarray(v, dtype=jnp.float32) for k, v in params.items()}, device)

    def field(t, y, p):
        return jnp.tanh((y ** 3) @ p["w1"] + p["b1"]) @ p["w2"] + p["b2"]

    t1 = arguments.steps * shared.FIXED_STEP
    term = diffrax.ODETerm(field)

    def solve(p, y0, adjoint):
        return diffrax.diffeqsolve(term, solver, 0.0, t1, shared.FIXED_STEP, y0, args=p,
                                   saveat=diffrax.SaveAt(t0=True, t1=True),
                                   stepsize_controller=diffrax.ConstantStepSize(), adjoint=adjoint,
                                   max_steps=arguments.steps + 16)

    for lanes in arguments.lanes:
        lane = numpy.arange(lanes)
        start = numpy.stack([2.0 * (lane % 97) / 97 - 1, 1.0 - 2.0 * (lane % 89) / 89], axis=1)
        y0 = jax.device_put(jnp.asarray(start, dtype=jnp.float32), device)
        weights = jax.device_put(jnp.asarray(loss_weights(2 * lanes * 2), dtype=jnp.float32).reshape(2, lanes, 2), device)
        forward = jax.jit(lambda p, y: solve(p, y, diffrax.RecursiveCheckpointAdjoint()).ys)

        def gradient_of(adjoint):
            return jax.jit(jax.grad(lambda p, y: jnp.sum(weights * solve(p, y, adjoint).ys), argnums=(0, 1)))

        calls = (("forward", forward, "diffeqsolve, jit-compiled (compile in the warm-up call)"),
                 ("Backsolve", gradient_of(diffrax.BacksolveAdjoint()), "jax.grad with BacksolveAdjoint (continuous adjoint)"),
                 ("Checkpointed", gradient_of(diffrax.RecursiveCheckpointAdjoint()), "jax.grad with RecursiveCheckpointAdjoint (discrete adjoint)"))
        for method, function, how in calls:
            result = {}

            def call(function=function):
                result["last"] = function(params, y0)

            def synchronise():
                jax.block_until_ready(result["last"])

            table.add(timed_rows(engine, lanes, method, call, synchronise, arguments, how))


class PeerTable:
    """One peer's rows, written out again ({name}.csv and {name}.md in folder) after every row, so that a run stopped
    by run.sh's time limit (the first jit compiles of diffrax are slow) still leaves the rows it finished."""

    def __init__(self, folder, name, title):
        self.folder, self.name, self.title = folder, name, title
        self.rows, self.header = [], []

    def add(self, new):
        self.rows.append(new)
        print(" | ".join(v for v in new.values() if v), flush=True)
        os.makedirs(self.folder, exist_ok=True)
        with open(os.path.join(self.folder, self.name + ".csv"), "w", newline="", encoding="utf-8") as stream:
            writer = csv.DictWriter(stream, fieldnames=COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(self.rows)
        with open(os.path.join(self.folder, self.name + ".md"), "w", encoding="utf-8") as stream:
            stream.write(f"# {self.title}\n\n")
            stream.writelines(f"- {line}\n" for line in self.header)
            stream.write("\n" + markdown(self.rows, COLUMNS))


def markdown(rows, columns):
    """A Markdown table, each column padded to its widest cell (GpuCheck's ResultTable layout)."""
    widths = [max([len(c)] + [len(r[c]) for r in rows]) for c in columns]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(columns, widths)) + " |",
             "| " + " | ".join("-" * w for w in widths) + " |"]
    lines += ["| " + " | ".join(r[c].ljust(w) for c, w in zip(columns, widths)) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def summary(rows):
    """The throughput rows side by side: one line per (method, lanes), one column per engine (lane-steps/s)."""
    # GpuCheck's engines are "CPU" and "CUDA"; beside the peers they are OdeKernels'.
    throughput = [dict(r, engine=("OdeKernels " + r["engine"]) if r["engine"] in ("CPU", "CUDA") else r["engine"])
                  for r in rows if r["section"] == "throughput" and r["lanes"]]
    engines = list(dict.fromkeys(r["engine"] for r in throughput))
    order = ["forward", "Backsolve", "Checkpointed", "Direct"]
    keys = sorted({(r["method"], int(r["lanes"])) for r in throughput},
                  key=lambda k: (order.index(k[0]) if k[0] in order else len(order), k[1]))
    cells = {(r["method"], int(r["lanes"]), r["engine"]): (r["value"] if r["status"] == "ok" else r["status"]) for r in throughput}
    columns = ["method", "lanes"] + engines
    table = [dict({"method": m, "lanes": f"{n:,}"}, **{e: cells.get((m, n, e), "—") for e in engines}) for m, n in keys]
    return markdown(table, columns) if table else ""


def merge(arguments):
    """gpu-report.csv (every table's rows, in order) and gpu-report.md (the header lines, a throughput summary, the rows)."""
    rows, header = [], []
    for path in arguments.tables:
        if not os.path.exists(path):
            header.append(f"{os.path.basename(path)}: missing (that step did not write its table; see run.log)")
            continue
        with open(path, encoding="utf-8") as stream:
            table = list(csv.DictReader(stream))
        if table and list(table[0].keys()) != COLUMNS:
            header.append(f"{os.path.basename(path)}: columns differ from {COLUMNS}; left out")
            continue
        rows += table
        markdown_path = path[:-len(".csv")] + ".md"
        if os.path.exists(markdown_path):
            with open(markdown_path, encoding="utf-8") as stream:
                header += [line[2:].rstrip("\n") for line in stream if line.startswith("- ")]
    failed = sum(1 for r in rows if r["status"] == "FAIL")
    header.append(f"{len(rows)} rows, {failed} FAIL, {sum(1 for r in rows if r['status'] == 'skipped')} skipped")
    os.makedirs(arguments.out, exist_ok=True)
    with open(os.path.join(arguments.out, "gpu-report.csv"), "w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    with open(os.path.join(arguments.out, "gpu-report.md"), "w", encoding="utf-8") as stream:
        stream.write("# OdeKernels on a GPU: CUDA against the CPU backend, and against PyTorch + torchdiffeq and JAX + diffrax\n\n")
        stream.writelines(f"- {line}\n" for line in header)
        stream.write("\n## Throughput (lane-steps per second, spiral network, float32, Rk4 fixed 0.01)\n\n" + summary(rows))
        stream.write("\n## Every row\n\n" + markdown(rows, COLUMNS))
    return 1 if failed else 0


def main(argv=None):
    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    if arguments.command == "merge":
        return merge(arguments)
    name = "peers-" + arguments.command
    table = PeerTable(arguments.out, name, f"Peers on the same workload: {arguments.command}")
    (torch_rows if arguments.command == "torch" else diffrax_rows)(arguments, table)
    print(f"wrote {os.path.join(arguments.out, name + '.md')} and {name}.csv", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
