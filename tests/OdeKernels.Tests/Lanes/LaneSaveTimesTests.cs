using System;

namespace OdeKernels.Tests.Lanes;

/// <summary>Building per-lane save times, and the clear errors bad ones and mismatched inputs get.</summary>
public sealed class LaneSaveTimesTests
{
    [Fact]
    public void OffsetsAndPerLaneArraysGiveTheSameLayout()
    {
        var fromLanes = LaneSaveTimes<double>.FromLanes(0.5, [[1.0, 2.0], [], [0.5]]);
        var fromOffsets = new LaneSaveTimes<double>(0.5, [0, 2, 2, 3], [1.0, 2.0, 0.5]);
        Assert.Equal(3, fromLanes.Lanes);
        Assert.Equal(3, fromLanes.Count);
        Assert.Equal(fromOffsets.Offsets.ToArray(), fromLanes.Offsets.ToArray());
        Assert.Equal(fromOffsets.Times.ToArray(), fromLanes.Times.ToArray());
        Assert.Equal(0, fromLanes.SaveCount(1));
        Assert.Equal([0.5], fromLanes.Lane(2).ToArray());
    }

    [Fact]
    public void BadTimesNameTheLaneTheIndexAndTheValue()
    {
        var ex = Assert.Throws<ArgumentException>(() => LaneSaveTimes<double>.FromLanes(0.0, [[1.0, 2.0], [1.0, 3.0, 2.5]]));
        Assert.Equal("times", ex.ParamName);
        Assert.Contains("lane 1 time 2 (times[4]) = 2.5 follows time 1 = 3", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => LaneSaveTimes<double>.FromLanes(1.0, [[2.0], [0.5, 3.0]]));
        Assert.Contains("lane 1 time 0 (times[1]) is 0.5", ex.Message);
        Assert.Contains("start = 1", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => LaneSaveTimes<double>.FromLanes(0.0, [[1.0, 1.0]]));
        Assert.Contains("strictly increasing", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => LaneSaveTimes<double>.FromLanes(0.0, [[], [double.NaN]]));
        Assert.Contains("lane 1 time 0 (times[0]) is NaN", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => LaneSaveTimes<double>.FromLanes(double.PositiveInfinity, [[1.0]]));
        Assert.Equal("start", ex.ParamName);
        Assert.Throws<ArgumentNullException>(() => LaneSaveTimes<double>.FromLanes(0.0, [[1.0], null!]));
    }

    [Fact]
    public void BadOffsetsAreNamed()
    {
        var ex = Assert.Throws<ArgumentException>(() => new LaneSaveTimes<double>(0.0, [0], []));
        Assert.Equal("offsets", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => new LaneSaveTimes<double>(0.0, [1, 2], [1.0, 2.0]));
        Assert.Contains("offsets[0] must be 0", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => new LaneSaveTimes<double>(0.0, [0, 2, 1, 3], [1.0, 2.0, 3.0]));
        Assert.Contains("offsets[2] = 1 follows offsets[1] = 2", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => new LaneSaveTimes<double>(0.0, [0, 2], [1.0, 2.0, 3.0]));
        Assert.Contains("number of times (3)", ex.Message);
    }

    [Fact]
    public void MismatchedInputsAreNamed()
    {
        var times = LaneSaveTimes<double>.FromLanes(0.0, [[1.0], [2.0]]);
        var ex = Assert.ThrowsAny<ArgumentException>(() => Ode.Solve(new PredatorPrey(), new Tsit5(), [1.0, 1.0], times));
        Assert.Equal("saveAt", ex.ParamName);
        Assert.Contains("1 lanes, but it has 2", ex.Message);
        ex = Assert.ThrowsAny<ArgumentException>(() => Ode.Gradient(new PredatorPrey(), new Tsit5(), [1.0, 1.0, 1.0, 1.0], times, new double[3]));
        Assert.Equal("dLdY", ex.ParamName);
        ex = Assert.ThrowsAny<ArgumentException>(() => Ode.Gradient(new PredatorPrey(), new Tsit5(), [1.0, 1.0, 1.0, 1.0], times, [0.0, double.NaN, 0.0, 0.0]));
        Assert.Equal("dLdY", ex.ParamName);
        ex = Assert.ThrowsAny<ArgumentException>(() => Ode.Gradient(new PredatorPrey(), new Tsit5(), [1.0, 1.0, 1.0, 1.0], times, new double[4], method: AdjointMethod.Checkpointed, checkpoints: 1));
        Assert.Equal("checkpoints", ex.ParamName);
        Assert.Throws<NotSupportedException>(() => Ode.Gradient(new PredatorPrey(), new Tsit5(), [1.0, 1.0, 1.0, 1.0], times, new double[4], new SolverOptions { Backend = Backend.Cuda }));
    }
}
