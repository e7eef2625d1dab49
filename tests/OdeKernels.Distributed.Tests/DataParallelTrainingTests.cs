using System.IO;

namespace OdeKernels.Distributed.Tests;

/// <summary>
/// Three Adam iterations of ShardedTrajectoryFit under mpirun against the plain TrajectoryFit in one process, on
/// minibatches drawn from the run's random stream (so a rank-dependent stream or sharding would show).
/// </summary>
public sealed class DataParallelTrainingTests
{
    [TheoryRequiresMpirun]
    [InlineData("train64", 2, 512)]
    [InlineData("train64", 3, 768)]
    [InlineData("train64", 2, 768)]
    [InlineData("train32", 2, 600)]
    [InlineData("train32", 3, 600)]
    [InlineData("train32", 3, 300)]
    public void Training_is_the_single_process_run_bit_for_bit(string mode, int ranks, int lanes)
    {
        // One block per rank, several blocks on a rank (768 lanes on 2), a partial last block (600), a rank without
        // lanes (300 on 3), float and double.
        using var folder = new TempDirectory();
        var (single, sharded) = Both(folder, mode, ranks, lanes, 3);
        Compare.Bitwise(single["parameters"], sharded["parameters"], "parameters");
        Compare.Bitwise(single["loss"], sharded["loss"], "loss");
    }

    [FactRequiresMpirun]
    public void Training_on_a_fixed_rank_count_is_reproducible()
    {
        using var folder = new TempDirectory();
        string[] args = ["--lanes", "600", "--iterations", "3"];
        (int first, string firstOutput) = MpiJob.Run(3, ["train32", folder.File("first.txt"), .. args]);
        Assert.True(first == 0, firstOutput);
        (int again, string againOutput) = MpiJob.Run(3, ["train32", folder.File("again.txt"), .. args]);
        Assert.True(again == 0, againOutput);
        Compare.Bitwise(MpiJob.Read(folder.File("first.txt"))["parameters"], MpiJob.Read(folder.File("again.txt"))["parameters"], "parameters of a second run");
    }

    [FactRequiresMpirun]
    public void A_run_checkpointed_on_2_ranks_resumes_on_3_and_rank_0_alone_writes_metrics()
    {
        using var folder = new TempDirectory();
        string checkpoints = folder.File("checkpoints");
        Directory.CreateDirectory(checkpoints);
        (int first, string firstOutput) = MpiJob.Run(2, "train64", folder.File("half.txt"), "--lanes", "768", "--iterations", "2", "--checkpoints", checkpoints);
        Assert.True(first == 0, firstOutput);
        string checkpoint = Assert.Single(Directory.GetFiles(checkpoints, "*.safetensors"));
        (int second, string secondOutput) = MpiJob.Run(3, "train64", folder.File("resumed.txt"), "--lanes", "768", "--iterations", "4", "--checkpoints", checkpoints, "--resume", checkpoint);
        Assert.True(second == 0, secondOutput);
        (int single, string singleOutput) = MpiJob.Alone(["train64", folder.File("single.txt"), "--lanes", "768", "--iterations", "4", "--single", "true"]);
        Assert.True(single == 0, singleOutput);
        Compare.Bitwise(MpiJob.Read(folder.File("single.txt"))["parameters"], MpiJob.Read(folder.File("resumed.txt"))["parameters"], "parameters");

        // One header and one row per iteration: ranks other than 0 wrote none.
        Assert.Equal(5, File.ReadAllLines(Path.Combine(checkpoints, "metrics.csv")).Length);
    }

    private static (Dictionary<string, double[]> Single, Dictionary<string, double[]> Sharded) Both(TempDirectory folder, string mode, int ranks, int lanes, int iterations)
    {
        string[] common = ["--lanes", lanes.ToString(System.Globalization.CultureInfo.InvariantCulture), "--iterations", iterations.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        (int single, string singleOutput) = MpiJob.Alone([mode, folder.File("single.txt"), .. common, "--single", "true"]);
        Assert.True(single == 0, singleOutput);
        (int code, string output) = MpiJob.Run(ranks, [mode, folder.File("sharded.txt"), .. common]);
        Assert.True(code == 0, output);
        return (MpiJob.Read(folder.File("single.txt")), MpiJob.Read(folder.File("sharded.txt")));
    }
}
