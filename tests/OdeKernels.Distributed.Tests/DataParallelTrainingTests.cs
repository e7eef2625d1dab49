using System.IO;

namespace OdeKernels.Distributed.Tests;

/// <summary>
/// Three Adam iterations of ShardedTrajectoryFit under mpirun against the plain TrajectoryFit in one process, on
/// minibatches drawn from the run's random stream (so a rank-dependent stream or sharding would show).
/// </summary>
public sealed class DataParallelTrainingTests
{
    [TheoryRequiresMpirun]
    [InlineData(2, 512)]
    [InlineData(3, 768)]
    public void Double_training_with_one_block_per_rank_is_the_single_process_run_bit_for_bit(int ranks, int lanes)
    {
        using var folder = new TempDirectory();
        var (single, sharded) = Both(folder, "train64", ranks, lanes, 3);
        Compare.Bitwise(single["parameters"], sharded["parameters"], "parameters");
        Compare.Bitwise(single["loss"], sharded["loss"], "loss");
    }

    [FactRequiresMpirun]
    public void Double_training_with_several_blocks_per_rank_is_the_single_process_run_to_rounding()
    {
        using var folder = new TempDirectory();
        var (single, sharded) = Both(folder, "train64", 2, 768, 3);
        Compare.Within(single["parameters"], sharded["parameters"], 1e-12, "parameters");
    }

    [TheoryRequiresMpirun]
    [InlineData(2)]
    [InlineData(3)]
    public void Float_training_is_the_single_process_run_to_rounding_and_reproducible(int ranks)
    {
        using var folder = new TempDirectory();
        var (single, sharded) = Both(folder, "train32", ranks, 600, 3);
        Compare.Within(single["parameters"], sharded["parameters"], 1e-5, "parameters");
        (int code, string output) = MpiJob.Run(ranks, "train32", folder.File("again.txt"), "--lanes", "600", "--iterations", "3");
        Assert.True(code == 0, output);
        Compare.Bitwise(sharded["parameters"], MpiJob.Read(folder.File("again.txt"))["parameters"], "parameters of a second run");
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
        Compare.Within(MpiJob.Read(folder.File("single.txt"))["parameters"], MpiJob.Read(folder.File("resumed.txt"))["parameters"], 1e-12, "parameters");

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
