using System;
using System.Numerics;
using OdeKernels.Solving;

namespace OdeKernels.Adjoints;

/// <summary>
/// The rounds of a checkpointed reversal of lanes [first, first + count): round r replays, for every lane that holds
/// more than r checkpoints, the segment from its checkpoint r from the last up to where the segment after it began,
/// each lane in its slot of one batched replay (<see cref="Members"/> gives the slot's lane). Made once per block and
/// reused for every round (and lane range): a round allocates nothing, so a gradient's memory does not grow with its
/// number of checkpoints (about 2√N).
/// </summary>
internal sealed class SegmentStarts<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly LaneCheckpoints<T>[] _checkpoints;
    private readonly int[] _end; // indexed by lane - first
    private int _first;
    private int _count;
    private int _round;
    private int _members;

    /// <param name="checkpoints">Every lane's checkpoints, indexed by lane.</param>
    /// <param name="capacity">The most lanes one range holds.</param>
    public SegmentStarts(LaneCheckpoints<T>[] checkpoints, int capacity)
    {
        _checkpoints = checkpoints;
        _end = new int[capacity];
        Members = new int[capacity];
        Restore = RestoreInto;
    }

    /// <summary>The most checkpoints any lane of the range holds: the number of rounds.</summary>
    public int Rounds { get; private set; }

    /// <summary>The lanes of the current round, slot by slot.</summary>
    public int[] Members { get; }

    /// <summary>Puts the current round's checkpoints into the replay's slots (one delegate for all rounds).</summary>
    public Action<SolveWorkspace<T>> Restore { get; }

    /// <summary>Starts on lanes [<paramref name="first"/>, <paramref name="first"/> + <paramref name="count"/>): every segment ends at its lane's last step.</summary>
    public void Start(int first, int count)
    {
        _first = first;
        _count = count;
        Rounds = 0;
        for (int lane = first; lane < first + count; lane++)
        {
            _end[lane - first] = _checkpoints[lane].Count;
            Rounds = Math.Max(Rounds, _checkpoints[lane].Stored);
        }
    }

    /// <summary>Starts round <paramref name="r"/>: fills <see cref="Members"/> and returns how many there are.</summary>
    public int Begin(int r)
    {
        _round = r;
        _members = 0;
        for (int lane = _first; lane < _first + _count; lane++)
        {
            if (_checkpoints[lane].Stored > r)
            {
                Members[_members++] = lane;
            }
        }

        return _members;
    }

    /// <summary>The steps member <paramref name="slot"/> replays in the current round.</summary>
    public int Steps(int slot)
    {
        LaneCheckpoints<T> lane = _checkpoints[Members[slot]];
        return _end[Members[slot] - _first] - lane.StepIndex(lane.Stored - 1 - _round);
    }

    /// <summary>Ends the round: each member's next segment ends where this one began.</summary>
    public void End()
    {
        for (int i = 0; i < _members; i++)
        {
            LaneCheckpoints<T> lane = _checkpoints[Members[i]];
            _end[Members[i] - _first] = lane.StepIndex(lane.Stored - 1 - _round);
        }
    }

    private void RestoreInto(SolveWorkspace<T> ws)
    {
        for (int i = 0; i < _members; i++)
        {
            LaneCheckpoints<T> lane = _checkpoints[Members[i]];
            lane.Restore(lane.Stored - 1 - _round, ws, i, Steps(i));
        }
    }
}
