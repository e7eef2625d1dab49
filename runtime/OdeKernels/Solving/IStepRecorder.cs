using System.Numerics;

namespace OdeKernels.Solving;

/// <summary>Observes every attempted step of a batch solve (the adjoints replay or integrate along it).</summary>
internal interface IStepRecorder<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// Called before each batched step's stages 1..s−1 are evaluated (stage 0 already is): <c>ws.StepT</c> holds the
    /// step sizes and <c>ws.Stages</c> is where the step writes its stage derivatives.
    /// </summary>
    void Stepping(scoped ref readonly RungeKuttaStep<T> step, SolveWorkspace<T> ws, int active);

    /// <summary>
    /// Called after each batched step, once <see cref="SolveWorkspace{T}.Accepted"/> is decided for the first
    /// <paramref name="active"/> slots and before accepted slots move to their new state: <c>ws.Y</c>, the stage
    /// derivatives and <c>ws.Time</c>/<c>ws.Taken</c> still describe the step.
    /// </summary>
    void Stepped(scoped ref readonly RungeKuttaStep<T> step, SolveWorkspace<T> ws, int active);
}

/// <summary>Records nothing: the plain solve.</summary>
internal struct NoRecorder<T> : IStepRecorder<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public readonly void Stepping(scoped ref readonly RungeKuttaStep<T> step, SolveWorkspace<T> ws, int active)
    {
    }

    public readonly void Stepped(scoped ref readonly RungeKuttaStep<T> step, SolveWorkspace<T> ws, int active)
    {
    }
}
