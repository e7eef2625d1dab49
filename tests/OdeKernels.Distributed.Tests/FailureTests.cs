namespace OdeKernels.Distributed.Tests;

/// <summary>A lane that fails on one rank ends the whole job with that rank's error and a non-zero exit code, not a hang.</summary>
public sealed class FailureTests
{
    [TheoryRequiresMpirun]
    // A sharded solve: 300 lanes on 2 ranks, rank 1 holds lanes 256..299, and lane 280 blows up at t = 1.
    [InlineData("fail-solve", 2, 300, "error: rank 1 of 2 failed: lane 280 of the batch (lane 24 of this rank's shard) failed at t = 1.00000")]
    // Data-parallel training: 800 lanes on 3 ranks, rank 2 holds lanes 512..799, and lane 780 blows up in the first
    // forward solve while ranks 0 and 1 wait in the collective of the loss.
    [InlineData("fail-train", 3, 800, "error: rank 2 of 3 failed: lane 780 of the batch (lane 268 of this rank's shard) failed at t = 1.00000")]
    // The backward pass: the same lane on 2 ranks (rank 1 holds lanes 512..799), after every rank has passed the loss.
    [InlineData("fail-backward", 2, 800, "error: rank 1 of 2 failed: backward pass refused the state")]
    public void A_failing_lane_stops_every_rank_with_its_error(string mode, int ranks, int lanes, string error)
    {
        (int code, string output) = MpiJob.Run(ranks, mode, "unused", "--lanes", lanes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1, code);
        Assert.Contains(error, output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }
}
