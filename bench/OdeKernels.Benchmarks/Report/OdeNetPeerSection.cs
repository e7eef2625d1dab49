using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using OdeKernels.Benchmarks.Baselines;
using OdeKernels.Examples.ImageOdeNet;
using OdeKernels.Models;
using OdeKernels.Training;

namespace OdeKernels.Benchmarks.Report;

/// <summary>
/// Issue #13's speed comparison: one training iteration (batch 128) of the ImageOdeNet example's conv ODE-Net (Chen et
/// al. 2018, §7.1: stem → ODE block over [0, 1] → head; the example's own declarations, compile-linked into this
/// project) against the same model trained by PyTorch + torchdiffeq (<c>bench/peers/odenet_mnist_torchdiffeq.py</c>, a
/// child process, run with the example's padded stem and group count so both sides compute the same shapes), at the
/// example's default width C = 16 and Chen's C = 64, Dopri5 at rtol = atol = 1e-3, the continuous adjoint on both sides
/// (Backsolve / <c>odeint_adjoint</c>), SGD with momentum 0.9 at 0.1, on one thread and on every core. Not part of the
/// default report (a C = 64 iteration is about 1 GFLOP an image, so the section alone takes a minute or two):
/// <c>report --only odenet</c>.
/// </summary>
internal static class OdeNetPeerSection
{
    /// <summary>The name <c>--only</c> takes.</summary>
    public const string Name = "odenet";

    /// <summary>What every row of this section's targets starts with (for <see cref="SectionMerge"/>).</summary>
    public const string TargetPrefix = "Conv ODE-Net training iteration";

    /// <summary>Images per iteration (issue #13).</summary>
    public const int Batch = 128;

    /// <summary>
    /// Rounds per width and thread count; each times one iteration of each side, the side that goes first alternating
    /// between rounds (load drifts; a side that always ran first or second would carry the drift), after one untimed
    /// iteration of each side.
    /// </summary>
    public const int Rounds = 2;

    /// <summary>Dopri5's rtol = atol (Chen et al.'s 1e-3).</summary>
    public const double Tolerance = 1e-3;

    /// <summary>SGD's learning rate (momentum 0.9), Chen et al.'s, on both sides.</summary>
    private const double LearningRate = 0.1;

    /// <summary>The seed of the images, labels and OdeKernels' initialisation, and torch.manual_seed.</summary>
    private const int Seed = 0;

    /// <summary>
    /// Images in the synthetic data set: more batches than either side runs per width and thread count (warm-up
    /// included), so OdeKernels' fit never ends an epoch, whose scoring of the whole data set is no part of an iteration.
    /// </summary>
    private const int Images = Batch * 16;

    private const int Side = 28;

    public static void Run(ReportContext ctx)
    {
        var md = ctx.Body;
        md.Append(SectionMerge.Open(Name));
        ctx.Heading("Conv ODE-Net (Chen et al.'s MNIST model) vs PyTorch + torchdiffeq");
        string folder = Path.Combine(Path.GetTempPath(), "odekernels-odenet-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        try
        {
            (float[] images, int[] labels) = WriteData(folder);
            string? root = CppReference.RepositoryRoot();
            string script = root is null ? string.Empty : Path.Combine(root, "bench", "peers", "odenet_mnist_torchdiffeq.py");
            string? whyNot = File.Exists(script) ? null : "`bench/peers/odenet_mnist_torchdiffeq.py` was not found";
            int cores = Environment.ProcessorCount;
            int[] threadCounts = [.. new[] { 1, cores }.Distinct()];
            var rows = new List<IReadOnlyList<string>>();
            var arithmetic = new List<IReadOnlyList<string>>();
            ReportContext.Log("odenet: FMA peak");
            (double peakOne, double peakAll) = FmaPeak.Measure(cores);
            JsonElement? described = null;
            foreach (int channels in new[] { 16, 64 })
            {
                foreach (int threads in threadCounts)
                {
                    ReportContext.Log($"odenet: C = {channels}, {threads} thread(s): warm-up");

                    // The first iterations of a width run the kernels' unoptimised tier (one iteration measured twice
                    // the next on the first run): iterate for up to 2 s once per width, on a model of its own, so
                    // that the timed model starts from the seed's parameters whatever the warm-up managed in its 2 s
                    // (its parameters, and so its NFE, would otherwise depend on the machine's speed). The timed
                    // model then takes one untimed iteration and its timed ones are its 2nd and 3rd from the seed,
                    // as the peer's timed iteration is its 2nd from its own initialisation.
                    OurSide? warm = null;
                    ctx.WarmUpOnce("odenet C = " + channels.ToString(CultureInfo.InvariantCulture), () => (warm ??= OurSide.Create(channels, threads, images, labels)).Iterate());
                    OurSide ours = OurSide.Create(channels, threads, images, labels);
                    ours.Iterate();
                    var ourSeconds = new List<double>();
                    var peerAnswers = new List<JsonElement>();
                    for (int round = 0; round < Rounds; round++)
                    {
                        bool peerFirst = round % 2 == 1;
                        if (peerFirst && whyNot is null)
                        {
                            whyNot = Peer(ctx, script, folder, channels, threads, peerAnswers);
                        }

                        ourSeconds.Add(ours.Iterate());
                        ReportContext.Log($"odenet: C = {channels}, {threads} thread(s), round {round + 1}: OdeKernels {ourSeconds[^1]:F3} s");
                        if (!peerFirst && whyNot is null)
                        {
                            whyNot = Peer(ctx, script, folder, channels, threads, peerAnswers);
                        }
                    }

                    OdeNetRunFigures our = ours.Figures(ourSeconds);
                    OdeNetRunFigures? peer = whyNot is null && peerAnswers.Count > 0
                        ? new OdeNetRunFigures(
                            OdeNetRunFigures.Median(peerAnswers.Select(a => a.GetProperty("seconds_per_iteration").GetDouble())),
                            peerAnswers.Average(a => a.GetProperty("forward_nfe_per_iteration").GetDouble()),
                            peerAnswers.Average(a => a.GetProperty("backward_nfe_per_iteration").GetDouble()))
                        : null;
                    described ??= peerAnswers.Count > 0 ? peerAnswers[0] : null;
                    rows.Add(OdeNetPeerFormat.Row(channels, threads, peer, our));
                    arithmetic.Add(OdeNetPeerFormat.ArithmeticRow(channels, threads, peer, our, threads == 1 ? peakOne : peakAll));
                    ctx.Targets.Add(OdeNetPeerFormat.SpeedUpTarget(channels, threads, peer, our, whyNot ?? "the peer did not run"));
                }
            }

            Describe(md, described, whyNot, cores);
            Format.Table(md, OdeNetPeerFormat.Header, rows);
            DescribeArithmetic(md, peakOne, peakAll, cores);
            Format.Table(md, OdeNetPeerFormat.ArithmeticHeader, arithmetic);
            md.Append(SectionMerge.Close(Name));
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>The setup both sides share, and who ran with what (or the one line saying why the peer did not run).</summary>
    private static void Describe(System.Text.StringBuilder md, JsonElement? peer, string? whyNot, int cores)
    {
        md.Append("The ImageOdeNet example's ODE-Net (`examples/ImageOdeNet/ImageNetworks.cs` and `ImageOdeFunctions.cs`: stem Conv 3×3 (padding 1) → GN → ReLU → Conv 4×4 s2 → GN → ReLU → Conv 4×4 s2 to C×7×7, ");
        md.Append("ODE function GN → ReLU → ConcatConv 3×3 → GN → ReLU → ConcatConv 3×3 → GN over t ∈ [0, 1], head GN → ReLU → average pooling → Dense C → 10; GN with C/2 groups; float32) ");
        md.Append("and the same model in PyTorch (`odenet_mnist_torchdiffeq.py --channels C --groups C/2 --stem-padding 1`). ");
        md.Append(Format.Inv($"One training iteration: batch {Batch} of synthetic 28×28 images (uniform bytes, random labels, seed {Seed}, written as IDX files that both sides read), "));
        md.Append(Format.Inv($"forward, cross-entropy, continuous adjoint (OdeKernels `AdjointMethod.Backsolve`, torchdiffeq `odeint_adjoint`), SGD with momentum 0.9 at {LearningRate:G}; Dopri5 at rtol = atol = {Tolerance:G}. "));
        md.Append(Format.Inv($"Per width and thread count: untimed iterations of each side (OdeKernels: for up to 2 s once per width on a model of its own, then one on the timed model, which starts from the seed's parameters, so its timed iterations are its 2nd and 3rd whatever the machine's speed), then {Rounds} rounds of one timed iteration a side, the side that goes first alternating; the median (the mean of two). "));
        md.Append("The peer is a child process started once a round (its own untimed iteration first; its start-up is not timed). ");
        md.Append("NFE: evaluations of the ODE function per iteration, forward + adjoint; torchdiffeq steps the whole batch with one step size (one evaluation = the batch), ");
        md.Append("OdeKernels controls each image's steps on its own and the figure is the mean per image, so the two count the same work only where every image takes the batch's steps. ");
        md.Append("The initial parameters differ (PyTorch's default initialisation, the generator's), and with them the step counts. ");
        md.Append(Format.Inv($"Threads: OdeKernels `MaxDegreeOfParallelism` 1 or {cores}; the peer `torch.set_num_threads(1)` or `({cores})`, the same per row. Speed-up = torchdiffeq / OdeKernels seconds per iteration; target (issue #13) ≥ 2×. "));
        md.Append("Other load on the machine hurts the peer's multi-threaded rows most (its OpenMP threads wait for each other at every operation, a busy core stalls them all): read the rows on every core only from a quiet machine.\n\n");
        if (whyNot is not null)
        {
            md.Append(FlowPeerFormat.NotRunLine(whyNot));
        }
        else if (peer is { } a)
        {
            md.Append(Format.Inv($"Peer: `bench/peers/odenet_mnist_torchdiffeq.py` with PyTorch {PeersSection.Str(a, "torch")}, torchdiffeq {PeersSection.Str(a, "torchdiffeq")}.\n\n"));
        }
    }

    /// <summary>How the arithmetic table below the timings is counted, and the measured peak it is set against.</summary>
    private static void DescribeArithmetic(System.Text.StringBuilder md, double peakOne, double peakAll, int cores)
    {
        md.Append("\n**Arithmetic.** ");
        md.Append("The work of one iteration, counted from the model's shapes and each side's measured NFE (`OdeNetArithmetic`): multiply-adds of the convolutions and the dense layer (2 flops each; ");
        md.Append("GroupNorm, ReLU and the solver's vector updates are under 1% at C = 64), kernel taps on the zero padding not counted: the least work of a direct convolution, so the peer's rate is a lower bound. ");
        md.Append("At C = 64 OdeKernels' ODE function computes its forward and input-gradient passes with Winograd's F(4×4, 3×3) (`ConvolutionAlgorithm.Winograd`: 36 multiply-adds per 4×4 outputs and channel pair instead of up to 144, plus transforms), so its figure counts the direct work it replaces: an effective rate, which may exceed what direct kernels could reach. ");
        md.Append("Per image: the stem forward and backward once (weight gradients of its three convolutions, input gradients of the last two), the ODE function forward at each forward evaluation ");
        md.Append("(two ConcatConv 3×3, (C + 1) → C on 7×7), and at each backward evaluation of the continuous adjoint three passes of it: f again (the state is solved backward), ");
        md.Append("aᵀ∂f/∂z and aᵀ∂f/∂θ (torchdiffeq: f under autograd, then `torch.autograd.grad`; OdeKernels: the generated fused f-and-VJP kernel). ");
        md.Append(Format.Inv($"Peak: a loop of {FmaPeak.Accumulators} independent {FmaPeak.VectorName} float32 fused multiply-adds ({FmaPeak.Lanes} lanes, `{MachineInfo.Isa}`{(FmaPeak.Hardware ? ", hardware FMA" : ", NO hardware FMA: the peak is not meaningful")}; best of 5 calls), "));
        md.Append(Format.Inv($"{peakOne:F1} GFLOP/s on one thread and {peakAll:F1} on {cores} at once. "));
        md.Append("Speed-up 2× at equal work means doing the peer's own work in half its time, so it needs twice the peer's achieved rate; the last column sets that against the peak of the row's thread count.\n\n");
    }

    /// <summary>Runs the peer once (one untimed and one timed iteration); adds its answer, or returns why it did not run.</summary>
    private static string? Peer(ReportContext ctx, string script, string data, int channels, int threads, List<JsonElement> answers)
    {
        string options = string.Create(CultureInfo.InvariantCulture,
            $"--network odenet --channels {channels} --groups {channels / 2} --stem-padding 1 --method dopri5 --tol {Tolerance:R} --batch {Batch} --threads {threads} --iterations 1 --warmup 1 --seed {Seed} --data \"{data}\"");
        ReportContext.Log($"odenet: torchdiffeq, C = {channels}, {threads} thread(s)");
        long start = Stopwatch.GetTimestamp();
        (JsonElement? answer, string why) = PeersSection.Measure(script, options);
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        ctx.PeerSeconds += seconds;
        ctx.AddExternalSeconds(seconds);
        if (answer is { } a)
        {
            answers.Add(a);
            ReportContext.Log($"odenet: torchdiffeq {a.GetProperty("seconds_per_iteration").GetDouble():F3} s");
            return null;
        }

        ReportContext.Log($"odenet: peer not run: {why}");
        return why;
    }

    /// <summary>The synthetic data set (uniform bytes, labels 0–9 from the seed) as IDX files in <paramref name="folder"/>, and as the scaled floats and labels OdeKernels trains on.</summary>
    private static (float[] Images, int[] Labels) WriteData(string folder)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(Seed);
        var pixels = new byte[Images * Side * Side];
        var labels = new byte[Images];
        random.NextBytes(pixels);
        for (int i = 0; i < Images; i++)
        {
            labels[i] = (byte)random.Next(10);
        }

        File.WriteAllBytes(Path.Combine(folder, "train-images-idx3-ubyte"), Idx(0x0803, [Images, Side, Side], pixels));
        File.WriteAllBytes(Path.Combine(folder, "train-labels-idx1-ubyte"), Idx(0x0801, [Images], labels));
        return ([.. pixels.Select(p => p / 255f)], [.. labels.Select(l => (int)l)]);
    }

    /// <summary>An IDX file: the big-endian magic number (unsigned bytes, dimension count), the sizes, the bytes.</summary>
    private static byte[] Idx(int magic, int[] sizes, byte[] content)
    {
        var file = new byte[4 * (1 + sizes.Length) + content.Length];
        BinaryPrimitives.WriteInt32BigEndian(file, magic);
        for (int k = 0; k < sizes.Length; k++)
        {
            BinaryPrimitives.WriteInt32BigEndian(file.AsSpan(4 * (k + 1)), sizes[k]);
        }

        content.CopyTo(file, 4 * (1 + sizes.Length));
        return file;
    }

    /// <summary>OdeKernels' side: the example's model in a <see cref="SampleFit{T}"/> under a <see cref="Trainer{T}"/>, one iteration at a time.</summary>
    private sealed class OurSide(Trainer<float> trainer, TrainingRecorder recorder)
    {
        public static OurSide Create(int channels, int threads, float[] images, int[] labels)
        {
            var options = new OdeBlockOptions
            {
                Solver = new SolverOptions { RelativeTolerance = Tolerance, AbsoluteTolerance = Tolerance, MaxDegreeOfParallelism = threads },
                Adjoint = AdjointMethod.Backsolve,
            };
            INetwork<float> model = channels switch
            {
                16 => new OdeModel<ConvStem16, ConvField16, Dopri5, ConvHead16, float>(new ConvStem16(Seed), new ConvField16(Seed + 1), new ConvHead16(Seed + 2), options),
                64 => new OdeModel<ConvStem64, ConvField64, Dopri5, ConvHead64, float>(new ConvStem64(Seed), new ConvField64(Seed + 1), new ConvHead64(Seed + 2), options),
                _ => throw new ArgumentOutOfRangeException(nameof(channels), channels, "channels must be 16 or 64."),
            };
            var fit = new SampleFit<float>(model, images, labels.Length, new CrossEntropySampleLoss<float>(labels, 10), Batch) { MaxDegreeOfParallelism = threads };
            var trainer = new Trainer<float>(fit, new Sgd<float>(model.ParameterCount, momentum: 0.9), new ConstantSchedule(LearningRate), new TrainerOptions { Seed = Seed });
            return new OurSide(trainer, new TrainingRecorder());
        }

        /// <summary>One iteration; its seconds.</summary>
        public double Iterate()
        {
            trainer.Run(trainer.Iteration + 1, recorder);
            return recorder.Reports[^1].Seconds;
        }

        /// <summary>The median of <paramref name="timed"/> and the NFE per image over the timed (last) iterations.</summary>
        public OdeNetRunFigures Figures(List<double> timed)
        {
            IEnumerable<TrainingReport> r = recorder.Reports.Skip(recorder.Reports.Count - timed.Count);
            return new OdeNetRunFigures(OdeNetRunFigures.Median(timed), r.Average(x => (double)x.ForwardEvaluations) / Batch, r.Average(x => (double)x.BackwardEvaluations) / Batch);
        }
    }
}
