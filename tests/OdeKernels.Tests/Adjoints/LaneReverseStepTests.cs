using System;
using OdeKernels.Adjoints;
using OdeKernels.Solving;

namespace OdeKernels.Tests.Adjoints;

/// <summary>
/// The generated single-lane reverse step (<see cref="IRungeKuttaTableau.ReverseStepLane"/>) gives, for every built-in
/// tableau, the values of the generated batched <see cref="IRungeKuttaTableau.ReverseStep"/> on the same lane (through
/// <see cref="LaneDifferentiableAdapter{TSystem, T}"/>), exactly: ȳ and the parameter cotangent of one Lotka–Volterra
/// step (the batched seed adds its product to a cleared buffer, so the two could differ only in the sign of a zero).
/// </summary>
public sealed class LaneReverseStepTests
{
    public static TheoryData<string> Methods() => new(Tableaux.All);

    [Theory]
    [MemberData(nameof(Methods))]
    public void TheLaneReverseStepEqualsTheBatchedOneBitwise(string name) => Tableaux.Visit(name, new Compare());

    private sealed class Compare : ITableauAction
    {
        public void Run<TTableau>() where TTableau : struct, IRungeKuttaTableau
        {
            Assert.True(TTableau.HasLaneStep);
            var system = new PredatorPrey();
            double[] y = [1.3, 0.7];
            double[] laneBar = [0.8, -1.1], batchBar = [0.8, -1.1];
            double[] laneTheta = [0.1, 0.2, 0.3, 0.4], batchTheta = [0.1, 0.2, 0.3, 0.4];
            var stepper = new ReverseStepper<double>(2, 1, TTableau.Info.Stages);

            stepper.ReverseLane<TTableau, PredatorPrey>(ref system, 0.25, 0.1, y, laneBar, laneTheta);
            var adapter = new LaneDifferentiableAdapter<PredatorPrey, double>(system);
            stepper.Time[0] = 0.25;
            stepper.StepSize[0] = 0.1;
            stepper.Reverse<TTableau, LaneDifferentiableAdapter<PredatorPrey, double>>(ref adapter, y, batchBar, batchTheta, 1);

            Assert.Equal(batchBar, laneBar);
            Assert.Equal(batchTheta, laneTheta);
            Assert.NotEqual(0.8, laneBar[0]);
            Assert.NotEqual(0.1, laneTheta[0]);
        }
    }
}
