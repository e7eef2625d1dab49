using OdeKernels.Training;

namespace OdeKernels.Distributed.Tests;

/// <summary>The sharding of lanes (in-process) and the single-process communicator.</summary>
public sealed class LaneRangeTests
{
    [Theory]
    [InlineData(1, 3)]
    [InlineData(256, 2)]
    [InlineData(257, 2)]
    [InlineData(700, 2)]
    [InlineData(700, 3)]
    [InlineData(5000, 7)]
    public void Ranks_hold_contiguous_whole_blocks_that_cover_the_lanes_in_rank_order(int lanes, int size)
    {
        int next = 0, blocks = (lanes + 255) / 256;
        for (int rank = 0; rank < size; rank++)
        {
            (int first, int count) = Distributed.LaneRange(lanes, rank, size);
            Assert.Equal(next, first);
            Assert.True(first % 256 == 0 || count == 0, $"rank {rank} starts inside a block at lane {first}");
            Assert.True(count == 0 || first + count == lanes || count % 256 == 0, $"rank {rank} ends inside a block");

            // Whole blocks, split as evenly as whole blocks allow.
            Assert.InRange((count + 255) / 256, blocks / size, (blocks / size) + 1);
            next = first + count;
        }

        Assert.Equal(lanes, next);
    }

    [Theory]
    [InlineData(40, 2, 16)]
    [InlineData(32, 3, 16)]
    [InlineData(23, 4, 5)]
    [InlineData(1, 2, 1)]
    public void Ranks_hold_whole_blocks_of_the_stated_size(int lanes, int size, int lanesPerBlock)
    {
        int next = 0, blocks = (lanes + lanesPerBlock - 1) / lanesPerBlock;
        for (int rank = 0; rank < size; rank++)
        {
            (int first, int count) = Distributed.LaneRange(lanes, rank, size, lanesPerBlock);
            Assert.Equal(next, first);
            Assert.True(first % lanesPerBlock == 0 || count == 0, $"rank {rank} starts inside a block at lane {first}");
            Assert.InRange((count + lanesPerBlock - 1) / lanesPerBlock, blocks / size, (blocks / size) + 1);
            next = first + count;
        }

        Assert.Equal(lanes, next);
    }

    [Fact]
    public void Lane_range_rejects_a_block_size_out_of_range()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Distributed.LaneRange(10, 0, 2, 0));
        Assert.Equal("lanesPerBlock", e.ParamName);
    }

    [Fact]
    public void Lane_range_rejects_a_rank_outside_the_job()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Distributed.LaneRange(10, 2, 2));
        Assert.Equal("rank", e.ParamName);
    }

    [Fact]
    public void The_single_process_communicator_keeps_sums_and_reports_a_failure_as_rank_0()
    {
        float[] values = [-0f, 1.5f];
        SingleProcess.Instance.SumInRankOrder<float>(values);
        Assert.True(float.IsNegative(values[0]), "a single process's gradient must pass unchanged, -0 included");
        var all = new double[2];
        SingleProcess.Instance.GatherToAll<double>([3, 4], [2], all);
        Assert.Equal([3.0, 4.0], all);
        SingleProcess.Instance.Agree(null);
        var e = Assert.Throws<RankFailedException>(() => SingleProcess.Instance.Agree(new InvalidOperationException("boom")));
        Assert.Equal(0, e.Rank);
        Assert.Equal("rank 0 failed: boom", e.Message);
    }

    [Fact]
    public void Outside_mpirun_the_communicator_is_one_rank_and_never_loads_MPI()
    {
        if (Communicator.LaunchedByMpirun)
        {
            return; // the test host itself runs under mpirun; this test is about a plain process
        }

        using Communicator communicator = Communicator.Start();
        Assert.False(communicator.UsesMpi);
        Assert.Equal((0, 1), (communicator.Rank, communicator.Size));
        double[] values = [2.5];
        communicator.SumInRankOrder<double>(values);
        communicator.AllReduceSum(values);
        Assert.Equal([2.5], values);
    }
}
