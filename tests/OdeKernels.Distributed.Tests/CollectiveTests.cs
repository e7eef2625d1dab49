namespace OdeKernels.Distributed.Tests;

/// <summary>The communicator's collectives on 2 and 3 ranks, and as a single process outside mpirun.</summary>
public sealed class CollectiveTests
{
    [TheoryRequiresMpirun]
    [InlineData(2)]
    [InlineData(3)]
    public void Collectives_return_what_every_rank_sent(int ranks)
    {
        using var folder = new TempDirectory();
        (int code, string output) = MpiJob.Run(ranks, "collectives", folder.File("c.txt"));
        Assert.True(code == 0, output);
        var results = MpiJob.Read(folder.File("c.txt"));
        Assert.Equal([ranks], results["size"]);

        // Σ (r + 1), Σ 0.1 r added in rank order (0 + 0.1 + 0.2 is not 0.3 in double, so the order shows), p × 1e16.
        double tenths = 0;
        for (int r = 1; r < ranks; r++)
        {
            tenths += 0.1 * r;
        }

        Assert.Equal([ranks * (ranks + 1) / 2.0, tenths, ranks * 1e16], results["sum"]);
        Assert.Equal([ranks * (ranks + 1) / 2.0], results["allreduce"]);
        Assert.Equal([42.5, -1], results["broadcast"]);

        // Rank r sent r + 1 copies of r.
        double[] expected = [.. Enumerable.Range(0, ranks).SelectMany(r => Enumerable.Repeat((double)r, r + 1))];
        Assert.Equal(expected, results["gathered"]);
        Assert.Equal(expected, results["gathered-at-root"]);
    }

    [Fact]
    public void Outside_mpirun_the_program_is_one_rank_without_MPI()
    {
        using var folder = new TempDirectory();
        (int code, string output) = MpiJob.Alone(["collectives", folder.File("c.txt")]);
        Assert.True(code == 0, output);
        var results = MpiJob.Read(folder.File("c.txt"));
        Assert.Equal([1.0], results["size"]);
        Assert.Equal([1.0, 0, 1e16], results["sum"]);
        Assert.Equal([0.0], results["gathered"]);
    }

    [Fact]
    public void Under_a_launcher_without_libmpi_the_message_says_what_to_install()
    {
        using var folder = new TempDirectory();
        (int code, string output) = MpiJob.Alone(
            ["collectives", folder.File("c.txt")],
            new Dictionary<string, string> { ["OMPI_COMM_WORLD_SIZE"] = "2", ["ODEKERNELS_MPI_LIBRARY"] = folder.File("libmpi.so.40") });
        Assert.Equal(2, code);
        Assert.Contains("no MPI library found", output, StringComparison.Ordinal);
        Assert.Contains("apt-get install openmpi-bin libopenmpi-dev", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }
}
