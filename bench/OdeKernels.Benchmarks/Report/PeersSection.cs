using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using OdeKernels.Benchmarks.Baselines;

namespace OdeKernels.Benchmarks.Report;

/// <summary>
/// PyTorch + torchdiffeq on the issue's workloads, measured in the same run by <c>bench/peers/torchdiffeq_bench.py</c>
/// (a child process, single-threaded) and divided into OdeKernels' figures of <see cref="IssueWorkloadsSection"/>.
/// Where Python, PyTorch or a torchdiffeq source tree (<c>TORCHDIFFEQ_SRC</c>) is missing, one line says so.
/// </summary>
internal static class PeersSection
{
    /// <summary>The environment variable naming the Python to run the script with (default: python3, then /usr/bin/python3).</summary>
    public const string PythonVariable = "ODEKERNELS_PYTHON";

    public static void Run(ReportContext ctx)
    {
        ctx.Heading("Peers: PyTorch + torchdiffeq");
        var md = ctx.Body;
        IssueFigures ours = IssueWorkloadsSection.Figures;
        string? root = CppReference.RepositoryRoot();
        string script = root is null ? string.Empty : Path.Combine(root, "bench", "peers", "torchdiffeq_bench.py");
        if (!File.Exists(script))
        {
            md.Append("Not run: `bench/peers/torchdiffeq_bench.py` was not found; the C++ and plain-C# baselines above stand.\n\n");
            return;
        }

        ReportContext.Log("peers: torchdiffeq (bench/peers/torchdiffeq_bench.py)");
        long start = Stopwatch.GetTimestamp();
        (JsonElement? answer, string why) = Measure(script, IssueWorkloadsSection.Lanes, IssueWorkloadsSection.Steps);
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        ctx.PeerSeconds += seconds;
        ctx.AddExternalSeconds(seconds);
        if (answer is not { } a)
        {
            md.Append("Not run: ").Append(why.Replace('\n', ' ').Replace('|', '/')).Append("; the C++ and plain-C# baselines above stand.\n\n");
            ReportContext.Log($"peers: not run: {why}");
            return;
        }

        JsonElement forward = a.GetProperty("forward"), gradient = a.GetProperty("adjoint_gradient");
        JsonElement spiral = a.GetProperty("spiral_forward"), step = a.GetProperty("spiral_training_step");
        md.Append(Format.Inv($"`bench/peers/torchdiffeq_bench.py` run as a child process with {Str(a, "python")} (PyTorch {Str(a, "torch")}, torchdiffeq {Str(a, "torchdiffeq")} from `{Str(a, "torchdiffeq_path")}`, "));
        md.Append(Format.Inv($"{a.GetProperty("threads").GetInt32()} thread), float32, the same workloads as the section above: `odeint` / `odeint_adjoint` with `method='rk4'`, `options=dict(step_size=0.01)` "));
        md.Append(Format.Inv($"at {IssueWorkloadsSection.Lanes:N0} lanes × {IssueWorkloadsSection.Steps} steps, and the single-trajectory spiral with `method='dopri5'`, rtol 1e-6, atol 1e-8, trained by backpropagation through the solver. "));
        md.Append("After a warm-up call, the best of the timed calls in half a second, at least two (one for a call of a second or more). Speed-up = torchdiffeq time / OdeKernels time (above 1: OdeKernels is faster).\n\n");
        double peerForward = forward.GetProperty("seconds").GetDouble(), peerGradient = gradient.GetProperty("seconds").GetDouble();
        double peerSpiral = spiral.GetProperty("seconds").GetDouble(), peerStep = step.GetProperty("seconds").GetDouble();
        long peerNfe = spiral.GetProperty("nfe").GetInt64();
        List<IReadOnlyList<string>> rows =
        [
            ["forward, Rk4, 65,536 lanes", Format.Inv($"{Format.Seconds(peerForward)} ({Format.LaneSteps(forward.GetProperty("lane_steps_per_s").GetDouble())})"),
                Format.Inv($"{Format.Seconds(ours.ForwardSeconds)} ({Format.LaneSteps(ours.ForwardLaneStepsPerSecond)})"), Format.Ratio(peerForward / ours.ForwardSeconds)],
            ["gradient: `odeint_adjoint` / Backsolve", Format.Seconds(peerGradient), Format.Seconds(ours.BacksolveSeconds), Format.Ratio(peerGradient / ours.BacksolveSeconds)],
            ["spiral, one trajectory, forward", Format.Inv($"{Format.Seconds(peerSpiral)}, NFE {peerNfe}"), Format.Inv($"{Format.Seconds(ours.SpiralForwardSeconds)}, NFE {ours.SpiralEvaluations}"), Format.Ratio(peerSpiral / ours.SpiralForwardSeconds)],
            ["spiral, one training step (backprop / Direct)", Format.Seconds(peerStep), Format.Seconds(ours.TrainingStepSeconds), Format.Ratio(peerStep / ours.TrainingStepSeconds)],
        ];
        Format.Table(md, ["workload", "torchdiffeq", "OdeKernels", "speed-up"], rows);
        double stepSpeedUp = peerStep / ours.TrainingStepSeconds;
        ctx.Targets.Add(new Target("Spiral fit, one trajectory: training step ≥ 100× PyTorch + torchdiffeq",
            Format.Inv($"{Format.Seconds(ours.TrainingStepSeconds)} vs {Format.Seconds(peerStep)}: {Format.Ratio(stepSpeedUp)}"), "≥ 100×", double.IsFinite(stepSpeedUp) ? stepSpeedUp >= 100 : null));
    }

    /// <summary>
    /// Runs the script with each candidate Python until one has PyTorch; the parsed answer, or null with the reason of
    /// the last candidate.
    /// </summary>
    public static (JsonElement? Answer, string Why) Measure(string script, int lanes, int steps) =>
        Measure(script, string.Create(CultureInfo.InvariantCulture, $"--lanes {lanes} --steps {steps}"));

    /// <summary>
    /// Runs <paramref name="script"/> with <paramref name="options"/> (command-line text after the script's path) with
    /// each candidate Python until one has PyTorch; the parsed answer, or null with the reason of the last candidate.
    /// </summary>
    public static (JsonElement? Answer, string Why) Measure(string script, string options)
    {
        string why = "no Python interpreter could be run";
        foreach (string python in Pythons())
        {
            string arguments = $"\"{script}\" {options}";
            (int code, string output) = ExternalProcess.Run(python, arguments, TimeSpan.FromMinutes(5));
            if (code != 0)
            {
                why = $"{python} exited with {code}: {Last(output)}";
                continue;
            }

            (JsonElement? answer, why) = Parse(output);
            if (answer is not null)
            {
                return (answer, string.Empty);
            }
        }

        return (null, why);
    }

    /// <summary>
    /// The script's JSON answer (its last line that starts with '{'; the output holds stderr too, where PyTorch may
    /// warn): the element when available, else null and its reason.
    /// </summary>
    public static (JsonElement? Answer, string Why) Parse(string output)
    {
        string line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault(static l => l.StartsWith('{')) ?? Last(output);
        try
        {
            JsonElement answer = JsonDocument.Parse(line).RootElement.Clone();
            if (answer.TryGetProperty("available", out JsonElement available) && available.ValueKind == JsonValueKind.True)
            {
                return (answer, string.Empty);
            }

            return (null, answer.TryGetProperty("reason", out JsonElement reason) ? reason.GetString() ?? "no reason given" : "no reason given");
        }
        catch (JsonException e)
        {
            return (null, $"its output is not JSON ({e.Message}): {line}");
        }
    }

    private static IEnumerable<string> Pythons()
    {
        string? chosen = Environment.GetEnvironmentVariable(PythonVariable);
        return string.IsNullOrWhiteSpace(chosen) ? ["python3", "/usr/bin/python3"] : [chosen];
    }

    private static string Last(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? string.Empty;

    public static string Str(JsonElement e, string name) => e.TryGetProperty(name, out JsonElement v) ? v.ToString() : "?";
}
