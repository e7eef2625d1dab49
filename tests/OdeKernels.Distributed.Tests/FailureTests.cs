namespace OdeKernels.Distributed.Tests;

/// <summary>A lane that fails on one rank ends the whole job with that rank's error and a non-zero exit code, not a hang.</summary>
public sealed class FailureTests
{
    [FactRequiresMpirun]
    public void A_failing_lane_in_a_sharded_solve_stops_every_rank_with_its_error()
    {
        // 300 lanes on 2 ranks: rank 1 holds lanes 256..299, and lane 280 blows up at t = 1.
        (int code, string output) = MpiJob.Run(2, "fail-solve", "unused", "--lanes", "300");
        Assert.Equal(1, code);
        Assert.Contains("error: rank 1 of 2 failed: lane 280 of the batch (lane 24 of this rank's shard) failed at t = 1.00000", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [FactRequiresMpirun]
    public void A_failing_lane_in_data_parallel_training_stops_every_rank_with_its_error()
    {
        // 800 lanes on 3 ranks: rank 2 holds lanes 512..799, and lane 780 blows up in the first forward solve, while
        // ranks 0 and 1 wait in the collective of the loss.
        (int code, string output) = MpiJob.Run(3, "fail-train", "unused", "--lanes", "800");
        Assert.Equal(1, code);
        Assert.Contains("error: rank 2 of 3 failed: lane 780 of the batch (lane 268 of this rank's shard)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }
}
