using System;

namespace OdeKernels.Benchmarks.Report;

/// <summary>
/// The multiply-adds of one training iteration of the ImageOdeNet ODE-Net at width C, counted from the model's shapes
/// (<c>examples/ImageOdeNet</c>: stem Conv 3×3 p1 1→C on 28×28, Conv 4×4 s2 p1 C→C to 14×14 and to 7×7; ODE function
/// two ConcatConv 3×3 p1 (C + 1)→C on 7×7; head Dense C→10) and the measured evaluations of the ODE function.
/// Only the convolutions and the dense layer count (GroupNorm, ReLU and the solver's vector updates are O(C·49) an
/// evaluation, under 1% of a convolution's C²·49·9 at C = 64). Taps that fall on the zero padding do not count: this
/// is the least work any implementation must do, so a rate derived from it is a lower bound for both sides.
/// <para>
/// An iteration is the stem and head forward and backward once, the ODE function forward <c>nfeForward</c> times, and
/// <c>nfeBackward</c> evaluations of the continuous adjoint's augmented system backward. Each of those evaluates f
/// again (the state is solved backward, Chen et al. 2018, Algorithm 1) and its vector–Jacobian product with respect to
/// the state (aᵀ∂f/∂z, over the C state channels: the time channel needs none) and to the weights (aᵀ∂f/∂θ): three
/// convolution passes of about the forward's size, on both sides (torchdiffeq's <c>odeint_adjoint</c> runs f under
/// autograd and calls <c>torch.autograd.grad</c> for the state and the parameters; OdeKernels' Backsolve step calls the
/// generated fused f-and-VJP kernel). The backward of the stem computes the weight gradients of its three convolutions
/// and the input gradients of the last two (the image needs none).
/// </para>
/// </summary>
internal static class OdeNetArithmetic
{
    private const int Side = 28;

    /// <summary>Multiply-adds per image of one iteration: the stem and head (forward + backward) and the ODE block.</summary>
    public static double MultiplyAddsPerImage(int channels, double nfeForward, double nfeBackward)
    {
        long c = channels;
        long stem1 = Conv(1, c, 3, 1, 1, Side), stem2 = Conv(c, c, 4, 2, 1, Side), stem3 = Conv(c, c, 4, 2, 1, Side / 2);
        long stemForward = stem1 + stem2 + stem3;
        long stemBackward = stemForward + stem2 + stem3;   // weight gradients of all three, input gradients of the last two
        long fConv = Conv(c + 1, c, 3, 1, 1, Side / 4);
        long fForward = 2 * fConv;
        long fInputGradient = 2 * Conv(c, c, 3, 1, 1, Side / 4);
        long head = c * 10;
        return stemForward + stemBackward + (3 * head) + (nfeForward * fForward) + (nfeBackward * (fForward + fInputGradient + fForward));
    }

    /// <summary>GFLOP (two flops a multiply-add) of one iteration of <paramref name="batch"/> images.</summary>
    public static double GigaflopsPerIteration(int channels, int batch, double nfeForward, double nfeBackward) =>
        2.0 * batch * MultiplyAddsPerImage(channels, nfeForward, nfeBackward) / 1e9;

    /// <summary>
    /// The multiply-adds of one convolution of a square <paramref name="side"/>² input: every output channel sums over
    /// every input channel and every kernel tap that lands inside the input.
    /// </summary>
    internal static long Conv(long inputs, long outputs, int kernel, int stride, int padding, int side)
    {
        int outSide = ((side + (2 * padding) - kernel) / stride) + 1;
        long taps = 0;
        for (int o = 0; o < outSide; o++)
        {
            for (int r = 0; r < kernel; r++)
            {
                int i = (o * stride) - padding + r;
                taps += i >= 0 && i < side ? 1 : 0;
            }
        }

        return outputs * inputs * taps * taps;
    }

    /// <summary>
    /// The plain statement of whether OdeKernels can be <paramref name="target"/>× faster than the peer at the peer's
    /// own work: that needs <paramref name="target"/> × the peer's achieved rate, set against the measured peak of the
    /// same thread count.
    /// </summary>
    public static string Verdict(double peerGflops, double peakGflops, double target)
    {
        double needed = target * peerGflops;
        double share = needed / peakGflops;
        return share > 1
            ? Format.Inv($"{target:G}× at equal work needs {needed:F1} GFLOP/s, {share * 100:F0}% of the measured peak: physically impossible")
            : Format.Inv($"{target:G}× at equal work needs {needed:F1} GFLOP/s, {share * 100:F0}% of the measured peak: possible only for a convolution that close to peak");
    }

    /// <summary>The share of <paramref name="peak"/> that <paramref name="gflops"/> is, as "48.2 GFLOP/s (51%)".</summary>
    public static string Rate(double gflops, double peak) =>
        double.IsFinite(gflops) ? Format.Inv($"{gflops:F1} GFLOP/s ({gflops / peak * 100:F0}%)") : "not run";
}
