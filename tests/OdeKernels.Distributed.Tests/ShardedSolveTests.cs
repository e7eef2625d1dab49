namespace OdeKernels.Distributed.Tests;

/// <summary>Distributed.Solve and Distributed.Gradient against Ode.Solve and Ode.Gradient of the same lanes.</summary>
public sealed class ShardedSolveTests
{
    [TheoryRequiresMpirun]
    [InlineData(2, 700)]
    [InlineData(3, 700)]
    [InlineData(3, 300)] // 2 blocks on 3 ranks: rank 0 holds none
    public void Sharded_solve_and_gradient_equal_one_process(int ranks, int lanes)
    {
        string count = lanes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var folder = new TempDirectory();
        (int single, string singleOutput) = MpiJob.Alone(["solve", folder.File("single.txt"), "--lanes", count, "--single", "true"]);
        Assert.True(single == 0, singleOutput);
        (int code, string output) = MpiJob.Run(ranks, "solve", folder.File("sharded.txt"), "--lanes", count);
        Assert.True(code == 0, output);
        var expected = MpiJob.Read(folder.File("single.txt"));
        var actual = MpiJob.Read(folder.File("sharded.txt"));

        // Lanes are independent and each rank solves whole blocks; the ranks exchange their blocks' parameter sums and
        // add them in block order, as one process does: everything is the same bits, dL/dθ included (in double for
        // the generated network, in the solve's type for the hand-written system).
        foreach (string name in new[] { "states", "lane-stats", "gradient-states", "dL/dy0", "backward-evaluations", "dL/dtheta", "hand-written-dL/dtheta" })
        {
            Compare.Bitwise(expected[name], actual[name], name);
        }
    }
}
