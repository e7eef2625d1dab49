using System;
using System.Collections.Generic;
using System.Text;
using OdeKernels.Benchmarks.Baselines;

namespace OdeKernels.Benchmarks.Report;

/// <summary>A target of the issue, judged from measured figures.</summary>
/// <param name="Name">What is promised.</param>
/// <param name="Figure">The measured figure(s).</param>
/// <param name="Threshold">The threshold it is judged against.</param>
/// <param name="Met">Whether it is met; null when it could not be measured.</param>
internal sealed record Target(string Name, string Figure, string Threshold, bool? Met);

/// <summary>
/// What the report's sections share: the machine, the C++ reference (measured on demand, next to the C# figure it is
/// compared with), forward timings that later sections divide by, the targets, and the Markdown body.
/// </summary>
internal sealed class ReportContext
{
    private readonly Dictionary<(int Hidden, int Lanes, int Steps), Dictionary<string, CppResult>> _cpp = [];
    private readonly HashSet<string> _warm = [];
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private readonly List<(string Title, TimeSpan Start)> _sections = [];

    public ReportContext(string resultsDirectory)
    {
        ResultsDirectory = resultsDirectory;
        Machine = MachineInfo.Current();
        LoadAtStart = MachineInfo.LoadAverage();
        Cpp = CppReference.Locate(out string why);
        CppMissing = why;
    }

    /// <summary>Where REPORT.md and the plots go.</summary>
    public string ResultsDirectory { get; }

    /// <summary>The machine measured on.</summary>
    public MachineInfo Machine { get; }

    /// <summary>The load averages when the report started.</summary>
    public string LoadAtStart { get; }

    /// <summary>The C++ reference, or null (see <see cref="CppMissing"/>).</summary>
    public CppReference? Cpp { get; }

    /// <summary>Why the C++ reference is missing, or why its last measurement failed.</summary>
    public string CppMissing { get; private set; }

    /// <summary>Wall time spent waiting for the C++ reference (its own process: not in this process's CPU time).</summary>
    public double CppWallSeconds { get; private set; }

    /// <summary>Wall time spent in the torchdiffeq peer process (reported beside the report's duration).</summary>
    public double PeerSeconds { get; set; }

    /// <summary>Counts wall time spent waiting for another reference process (left out of the CPU-share figure like the C++ reference's).</summary>
    public void AddExternalSeconds(double seconds) => CppWallSeconds += seconds;

    /// <summary>The report's sections, in order.</summary>
    public StringBuilder Body { get; } = new();

    /// <summary>The targets, in the order judged.</summary>
    public List<Target> Targets { get; } = [];

    /// <summary>Forward (float32, Tsit5, fixed step) best seconds by hidden width, lanes and steps.</summary>
    public Dictionary<(int Hidden, int Lanes, int Steps), double> Forward { get; } = [];

    /// <summary>Wall time since the report started.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>
    /// Each section's wall time, in order: from its <see cref="Heading"/> to the next level-2 heading (the last one
    /// to now).
    /// </summary>
    public IReadOnlyList<(string Title, TimeSpan Duration)> SectionDurations
    {
        get
        {
            var durations = new List<(string, TimeSpan)>(_sections.Count);
            for (int i = 0; i < _sections.Count; i++)
            {
                TimeSpan end = i + 1 < _sections.Count ? _sections[i + 1].Start : _clock.Elapsed;
                durations.Add((_sections[i].Title, end - _sections[i].Start));
            }

            return durations;
        }
    }

    /// <summary><paramref name="title"/> with the machine's tag (CPU model, ISA, vector width), for headings and plot titles.</summary>
    public string Tagged(string title) => $"{title} · {Machine.Tag}";

    /// <summary>
    /// Starts a section (level 2) or subsection: its Markdown heading carries the machine's tag, so that a section
    /// copied alone still says where it was measured; level-2 headings also mark where each section's time starts.
    /// </summary>
    public void Heading(string title, int level = 2)
    {
        if (level == 2)
        {
            _sections.Add((title, _clock.Elapsed));
        }

        Body.Append(new string('#', level)).Append(' ').Append(title).Append(" · *").Append(Machine.Tag).Append("*\n\n");
    }

    /// <summary>Progress on the console (the report itself is the file).</summary>
    public static void Log(string message) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");

    /// <summary>
    /// The C++ reference's best run of <paramref name="method"/> ("tsit5" or "rk4") at this size, running it now if it
    /// has not run at this size or if <paramref name="again"/> (the best of all runs is kept); null when it is missing
    /// or failed.
    /// </summary>
    public CppResult? CppRun(string method, int hidden, int lanes, int steps, bool again = false)
    {
        if (Cpp is null || !CppReference.CanBuild(hidden))
        {
            return null;
        }

        if (!_cpp.TryGetValue((hidden, lanes, steps), out Dictionary<string, CppResult>? best) || again)
        {
            best ??= [];
            // About 0.5 s per method at H = 50 (C++ runs are steady; the best of a few is its figure), at least two.
            int repeats = Math.Clamp((int)(3e6 / Math.Max(1.0, (double)lanes * steps * hidden / 50)), 2, 100);
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            IReadOnlyList<CppResult>? results = Cpp.Measure(hidden, lanes, steps, repeats, out string why);
            CppWallSeconds += System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
            if (results is null)
            {
                CppMissing = why;
                Log($"C++ reference failed: {why}");
            }

            foreach (CppResult r in results ?? [])
            {
                if (!best.TryGetValue(r.Method, out CppResult? old) || r.BestSeconds < old.BestSeconds)
                {
                    best[r.Method] = r;
                }
            }

            _cpp[(hidden, lanes, steps)] = best;
        }

        return best.GetValueOrDefault(method);
    }

    /// <summary>Runs <paramref name="warmUp"/> once per <paramref name="key"/> (a code path) so its code is promoted before timing.</summary>
    public void WarmUpOnce(string key, Action warmUp)
    {
        if (_warm.Add(key))
        {
            TimingLoop.WarmUp(warmUp);
        }
    }
}
