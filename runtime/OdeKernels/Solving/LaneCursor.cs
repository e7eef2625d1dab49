namespace OdeKernels.Solving;

/// <summary>
/// Where one lane's solve stands between steps: enough, with its state and first stage derivative, to continue it
/// (or replay it from a checkpoint) exactly as the solve would. The fields mirror the per-slot arrays of
/// <see cref="SolveWorkspace{T}"/>.
/// </summary>
internal struct LaneCursor
{
    /// <summary>The lane's time, in double so that long float32 solves do not drift off the save times.</summary>
    public double Time;

    /// <summary>The proposed next step.</summary>
    public double Step;

    /// <summary>The PI controller's memory of the last accepted step: its error norm to the power β (<see cref="StepController.Memory"/>).</summary>
    public double ErrorMemory;

    /// <summary>The save time last landed on (fixed steps advance from it as start + k·h).</summary>
    public double SegmentStart;

    /// <summary>Steps since <see cref="SegmentStart"/>.</summary>
    public int SegmentSteps;

    /// <summary>The index of the save time the lane is heading for.</summary>
    public int NextSave;

    /// <summary>How many more steps the lane may accept (a replay's budget; int.MaxValue in a solve).</summary>
    public int StepsLeft;
}

/// <summary>Work counters of one lane's solve.</summary>
internal struct LaneWork
{
    public long Evaluations;
    public long Accepted;
    public long Rejected;

    public readonly SolverStats Stats => new(Evaluations, Accepted, Rejected);
}
