using System.Collections.Generic;
using OdeKernels.Benchmarks.Report;

namespace OdeKernels.Benchmarks.Tests;

/// <summary>
/// The conv ODE-Net section's arithmetic (issue #13): the multiply-adds of one iteration against a count written out
/// by hand from the model's shapes, the rates and the 2×-at-equal-work verdict, and the FMA peak's sanity.
/// </summary>
public sealed class OdeNetArithmeticTests
{
    // Taps inside the input per spatial dimension, counted by hand: 3×3 padding 1 on 28 → 2 + 3·26 + 2 = 82; 4×4
    // stride 2 padding 1, 28 → 14: 3 + 4·12 + 3 = 54, 14 → 7: 3 + 4·5 + 3 = 26; 3×3 padding 1 on 7: 2 + 3·5 + 2 = 19.
    private const long Stem1Taps = 82 * 82, Stem2Taps = 54 * 54, Stem3Taps = 26 * 26, FieldTaps = 19 * 19;

    [Theory]
    [InlineData(1, 64, 3, 1, 1, 28, 64 * Stem1Taps)]
    [InlineData(64, 64, 4, 2, 1, 28, 64 * 64 * Stem2Taps)]
    [InlineData(64, 64, 4, 2, 1, 14, 64 * 64 * Stem3Taps)]
    [InlineData(65, 64, 3, 1, 1, 7, 65 * 64 * FieldTaps)]
    [InlineData(2, 3, 3, 1, 0, 5, 2 * 3 * 9 * 9)]   // no padding: every tap of the 3×3 outputs is inside
    public void A_convolution_counts_the_taps_inside_the_input(long inputs, long outputs, int kernel, int stride, int padding, int side, long expected)
    {
        Assert.Equal(expected, OdeNetArithmetic.Conv(inputs, outputs, kernel, stride, padding, side));
    }

    [Fact]
    public void One_image_at_chens_width_is_the_stem_the_head_and_each_evaluation_written_out()
    {
        const long c = 64;
        long stemForward = (c * Stem1Taps) + (c * c * Stem2Taps) + (c * c * Stem3Taps);
        long stemBackward = stemForward + (c * c * Stem2Taps) + (c * c * Stem3Taps);
        long f = 2 * c * (c + 1) * FieldTaps;               // two ConcatConv 3×3, t as an extra input channel
        long backward = f + (2 * c * c * FieldTaps) + f;     // f again, aᵀ∂f/∂z over the state channels, aᵀ∂f/∂θ
        long head = 3 * c * 10;                              // forward, input and weight gradient of Dense C → 10
        long expected = stemForward + stemBackward + head + (32 * f) + (38 * backward);

        Assert.Equal(481_759_104L, expected);                // the same sum, evaluated by hand: 0.48 G multiply-adds
        Assert.Equal(expected, OdeNetArithmetic.MultiplyAddsPerImage(64, 32, 38));
        Assert.Equal(2.0 * 128 * expected / 1e9, OdeNetArithmetic.GigaflopsPerIteration(64, 128, 32, 38), 12);
    }

    [Fact]
    public void Fractional_nfe_scales_the_ode_block_only()
    {
        double whole = OdeNetArithmetic.MultiplyAddsPerImage(16, 30, 30);
        double half = OdeNetArithmetic.MultiplyAddsPerImage(16, 30.5, 30);
        Assert.Equal(2.0 * 16 * 17 * FieldTaps / 2, half - whole, 6);
    }

    [Theory]
    [InlineData(60.0, 100.0, "2× at equal work needs 120.0 GFLOP/s, 120% of the measured peak: physically impossible")]
    [InlineData(40.0, 100.0, "2× at equal work needs 80.0 GFLOP/s, 80% of the measured peak: possible only for a convolution that close to peak")]
    public void The_verdict_sets_twice_the_peers_rate_against_the_peak(double peer, double peak, string expected)
    {
        Assert.Equal(expected, OdeNetArithmetic.Verdict(peer, peak, 2));
    }

    [Fact]
    public void An_arithmetic_row_gives_each_sides_work_and_rate()
    {
        double peerWork = OdeNetArithmetic.GigaflopsPerIteration(64, 128, 32, 38);
        IReadOnlyList<string> row = OdeNetPeerFormat.ArithmeticRow(64, 1, new OdeNetRunFigures(peerWork / 50, 32, 38), new OdeNetRunFigures(peerWork / 25, 32, 38), 100);

        Assert.Equal(OdeNetPeerFormat.ArithmeticHeader.Length, row.Count);
        Assert.Equal(["64", "1", "123.3", "123.3", "50.0 GFLOP/s (50%)", "25.0 GFLOP/s (25%)", "2× at equal work needs 100.0 GFLOP/s, 100% of the measured peak: possible only for a convolution that close to peak"], row);
    }

    [Fact]
    public void An_arithmetic_row_without_the_peer_says_not_run()
    {
        IReadOnlyList<string> row = OdeNetPeerFormat.ArithmeticRow(16, 2, null, new OdeNetRunFigures(0.5, 20, 24), 100);

        Assert.Equal("not run", row[2]);
        Assert.Equal("not run", row[4]);
        Assert.Equal("not run", row[6]);
    }

    [Fact]
    public void The_fma_peak_is_positive_and_all_threads_are_at_least_one()
    {
        (double one, double all) = FmaPeak.Measure(2);

        Assert.True(one > 0 && double.IsFinite(one), $"one thread: {one}");
        Assert.True(all >= one * 0.5, $"two threads {all} against one {one}");
    }
}
