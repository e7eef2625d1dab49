using System;
using OdeKernels.Training;

namespace OdeKernels.Tests.Training;

/// <summary>Learning-rate schedules against their formulas, at their boundaries, and their argument checks.</summary>
public sealed class ScheduleTests
{
    [Fact]
    public void ConstantIsConstant()
    {
        var schedule = new ConstantSchedule(3e-4);
        Assert.Equal(3e-4, schedule.Rate(0));
        Assert.Equal(3e-4, schedule.Rate(1_000_000));
    }

    [Fact]
    public void StepDecaysEveryStepSizeIterations()
    {
        var schedule = new StepSchedule(0.1, 0.5, 100);
        Assert.Equal(0.1, schedule.Rate(0));
        Assert.Equal(0.1, schedule.Rate(99));
        Assert.Equal(0.05, schedule.Rate(100));
        Assert.Equal(0.025, schedule.Rate(250));
        Assert.True(new StepSchedule(1, 1e-3, 1).Rate(10_000) > 0);
    }

    [Fact]
    public void MultiStepDecaysAtEachMilestone()
    {
        // Chen et al.'s protocol at 469 batches an epoch: 0.1, then ×0.1 at epochs 60, 100 and 140.
        var schedule = new MultiStepSchedule(0.1, 0.1, [60 * 469, 100 * 469, 140 * 469]);
        Assert.Equal(0.1, schedule.Rate(0));
        Assert.Equal(0.1, schedule.Rate((60 * 469) - 1));
        Assert.Equal(0.1 * 0.1, schedule.Rate(60 * 469), 1e-18);
        Assert.Equal(0.1 * 0.1, schedule.Rate((100 * 469) - 1), 1e-18);
        Assert.Equal(0.1 * 0.01, schedule.Rate(100 * 469), 1e-18);
        Assert.Equal(0.1 * 0.001, schedule.Rate(1_000_000), 1e-18);
        Assert.Equal(0.5, new MultiStepSchedule(0.5, 0.1, []).Rate(1_000_000));
        Assert.Equal([60L * 469, 100L * 469, 140L * 469], schedule.Milestones);
    }

    [Fact]
    public void MultiStepRefusesUnorderedMilestonesAndBadFactors()
    {
        ArgumentException unordered = Assert.Throws<ArgumentException>(() => new MultiStepSchedule(0.1, 0.1, [10, 10]));
        Assert.Equal("milestones", unordered.ParamName);
        Assert.Contains("milestones[1] is 10 after 10", unordered.Message, StringComparison.Ordinal);
        Assert.Equal("milestones", Assert.Throws<ArgumentException>(() => new MultiStepSchedule(0.1, 0.1, [0])).ParamName);
        Assert.Equal("gamma", Assert.Throws<ArgumentException>(() => new MultiStepSchedule(0.1, 0, [5])).ParamName);
        Assert.Equal("baseRate", Assert.Throws<ArgumentException>(() => new MultiStepSchedule(-1, 0.5, [5])).ParamName);
        Assert.Throws<ArgumentException>(() => new MultiStepSchedule(0.1, 0.1, [5]).Rate(-1));
    }

    [Fact]
    public void CosineRunsFromBaseToMinimum()
    {
        var schedule = new CosineSchedule(1.0, 0.1, 100);
        Assert.Equal(1.0, schedule.Rate(0));
        Assert.Equal(0.55, schedule.Rate(50), 1e-15);
        Assert.Equal(0.1 + (0.9 * 0.5 * (1 + Math.Cos(Math.PI * 0.25))), schedule.Rate(25), 1e-15);
        Assert.Equal(0.1, schedule.Rate(100));
        Assert.Equal(0.1, schedule.Rate(5000));
        for (int i = 1; i <= 100; i++)
        {
            Assert.True(schedule.Rate(i) <= schedule.Rate(i - 1));
        }
    }

    [Fact]
    public void CosineWarmsUpLinearly()
    {
        var schedule = new CosineSchedule(1.0, 0.01, 110, warmupIterations: 10);
        Assert.Equal(0.1, schedule.Rate(0), 1e-15);
        Assert.Equal(0.5, schedule.Rate(4), 1e-15);
        Assert.Equal(1.0, schedule.Rate(9), 1e-15);
        Assert.Equal(1.0, schedule.Rate(10), 1e-15);
        Assert.Equal(0.505, schedule.Rate(60), 1e-15);
        Assert.Equal(0.01, schedule.Rate(110));
    }

    [Fact]
    public void ArgumentsAreChecked()
    {
        Assert.Equal("rate", Assert.Throws<ArgumentException>(() => new ConstantSchedule(0)).ParamName);
        Assert.Equal("iteration", Assert.Throws<ArgumentException>(() => new ConstantSchedule(1).Rate(-1)).ParamName);
        Assert.Equal("gamma", Assert.Throws<ArgumentException>(() => new StepSchedule(1, 1.5, 10)).ParamName);
        Assert.Equal("gamma", Assert.Throws<ArgumentException>(() => new StepSchedule(1, 0, 10)).ParamName);
        Assert.Equal("stepSize", Assert.Throws<ArgumentException>(() => new StepSchedule(1, 0.5, 0)).ParamName);
        Assert.Equal("baseRate", Assert.Throws<ArgumentException>(() => new StepSchedule(double.NaN, 0.5, 1)).ParamName);
        Assert.Equal("minimumRate", Assert.Throws<ArgumentException>(() => new CosineSchedule(0.1, 1, 10)).ParamName);
        Assert.Equal("minimumRate", Assert.Throws<ArgumentException>(() => new CosineSchedule(0.1, 0, 10)).ParamName);
        Assert.Equal("totalIterations", Assert.Throws<ArgumentException>(() => new CosineSchedule(1, 0.1, 10, 10)).ParamName);
        var ex = Assert.Throws<ArgumentException>(() => new CosineSchedule(1, 0.1, 10, -2));
        Assert.Equal("warmupIterations", ex.ParamName);
        Assert.Contains("-2", ex.Message);
    }
}
