using System;
using System.Numerics;

namespace OdeKernels.Adjoints;

/// <summary>
/// The discrete adjoint: reverse mode through the accepted steps of the forward solve (step sizes held fixed, as
/// the controller's choices are not differentiated), lane by lane. States between stored checkpoints are recomputed
/// with the same arithmetic as the forward step, so the result is the exact gradient of the numerical solution.
/// </summary>
internal static class DiscreteAdjoint
{
    public static Gradient<T> Run<TSystem, TTableau, T>(TSystem system, ReadOnlySpan<T> y0, ReadOnlySpan<T> saveAt, ReadOnlySpan<T> dLdY, SolverOptions options, int limit)
        where TSystem : IDifferentiableSystem<T>
        where TTableau : struct, IRungeKuttaTableau
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = system.StateSize, p = system.ParameterCount, lanes = y0.Length / n, saves = saveAt.Length;
        var tapes = new LaneTape<T>[lanes];
        for (int lane = 0; lane < lanes; lane++)
        {
            tapes[lane] = new LaneTape<T>(n, limit);
        }

        var recorder = new TapeRecorder<T>(tapes);
        Solution<T> forward = Ode.Run<TSystem, TTableau, T, TapeRecorder<T>>(system, y0, saveAt, options, ref recorder);

        var stepper = new ScalarRungeKutta<TSystem, T>(system, TTableau.Info);
        var parameters = new T[p];
        var initial = new T[lanes * n];
        var bar = new T[n];
        long evaluations = 0, steps = 0;
        var segment = Array.Empty<T>();
        for (int lane = 0; lane < lanes; lane++)
        {
            LaneTape<T> tape = tapes[lane];
            bar.AsSpan().Clear();
            int end = tape.Count;
            for (int cp = tape.Stored - 1; cp >= 0; cp--)
            {
                int first = tape.StoredStep(cp), length = end - first;
                if (segment.Length < (length + 1) * n)
                {
                    segment = new T[Math.Max((length + 1) * n, segment.Length * 2)];
                }

                // Recompute the states at the start of each step of this segment from its checkpoint.
                tape.StoredState(cp).CopyTo(segment);
                for (int k = 0; k < length - 1; k++)
                {
                    int step = first + k;
                    stepper.Advance(tape.Time(step), tape.Step(step), segment.AsSpan(k * n, n), segment.AsSpan((k + 1) * n, n));
                    evaluations += stepper.Stages;
                }

                for (int k = length - 1; k >= 0; k--)
                {
                    int step = first + k;
                    if (tape.Save(step) is int save and >= 0)
                    {
                        AddCotangent(bar, dLdY, save, lane, lanes, n);
                    }

                    stepper.Reverse(tape.Time(step), tape.Step(step), segment.AsSpan(k * n, n), bar, parameters);
                    evaluations += 2L * stepper.Stages;
                    steps++;
                }

                end = first;
            }

            AddCotangent(bar, dLdY, 0, lane, lanes, n);
            bar.CopyTo(initial.AsSpan(lane * n, n));
            for (int c = 0; c < n; c++)
            {
                if (!T.IsFinite(bar[c]))
                {
                    throw new OdeSolveException(lane, double.CreateTruncating(saveAt[0]), $"Lane {lane} failed in the backward pass: the adjoint state became non-finite (NaN or infinity).");
                }
            }
        }

        return new Gradient<T>(parameters, initial, forward, new SolverStats(evaluations, steps, 0));
    }

    private static void AddCotangent<T>(T[] bar, ReadOnlySpan<T> dLdY, int save, int lane, int lanes, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ReadOnlySpan<T> g = dLdY.Slice(((save * lanes) + lane) * n, n);
        for (int c = 0; c < n; c++)
        {
            bar[c] += g[c];
        }
    }
}
