using System;
using System.Collections.Generic;
using System.Linq;

namespace OdeKernels.Benchmarks.Report;

/// <summary>
/// Lets <c>-- report --only &lt;section&gt;</c> re-measure one section and put it into an existing REPORT.md: each
/// such section sits between HTML comment markers, and its targets' rows in the Targets table share a prefix.
/// </summary>
internal static class SectionMerge
{
    private const string HowMeasured = "## How this was measured";

    public static string Open(string name) => $"<!-- section:{name} -->\n";

    public static string Close(string name) => $"<!-- /section:{name} -->\n\n";

    /// <summary>
    /// Returns <paramref name="report"/> with section <paramref name="name"/> replaced by <paramref name="section"/>
    /// (inserted before "How this was measured", or appended, when absent) and the Targets-table rows whose target
    /// starts with <paramref name="targetPrefix"/> replaced, in place, by <paramref name="targets"/>.
    /// </summary>
    public static string Merge(string report, string name, string section, string targetPrefix, IReadOnlyList<Target> targets)
    {
        string open = Open(name), close = Close(name);
        int start = report.IndexOf(open, StringComparison.Ordinal);
        int end = start < 0 ? -1 : report.IndexOf(close, start, StringComparison.Ordinal);
        if (start >= 0 && end >= 0)
        {
            report = report[..start] + section + report[(end + close.Length)..];
        }
        else
        {
            int at = report.IndexOf(HowMeasured, StringComparison.Ordinal);
            report = at < 0 ? report + section : report[..at] + section + report[at..];
        }

        var lines = report.Split('\n').ToList();
        // The heading carries the machine tag ("## Targets · *…*") since issue #12; older reports have none.
        int header = lines.FindIndex(l => l == "## Targets" || l.StartsWith("## Targets · ", StringComparison.Ordinal));
        if (header < 0)
        {
            return report;
        }

        int first = lines.FindIndex(header, l => l.StartsWith('|'));
        if (first < 0)
        {
            return report;
        }

        // Only the Targets table's own rows: the section repeats its targets in a table of its own.
        int last = first;
        while (last + 1 < lines.Count && lines[last + 1].StartsWith('|'))
        {
            last++;
        }

        // The fresh rows go where the section's first old row was, so re-measuring a section keeps the table's order
        // (appending them moved a section's rows below every later section's); a section new to the report appends.
        int place = last + 1;
        for (int i = last; i > first; i--)
        {
            if (lines[i].StartsWith("| " + targetPrefix, StringComparison.Ordinal))
            {
                lines.RemoveAt(i);
                last--;
                place = i;
            }
        }

        lines.InsertRange(place, targets.Select(Row));
        return string.Join('\n', lines);
    }

    /// <summary>A Targets-table row, as the report's header table writes it.</summary>
    public static string Row(Target t) =>
        $"| {t.Name} | {t.Figure} | {t.Threshold} | {(t.Met is null ? "NOT MEASURED" : t.Met.Value ? "**MET**" : "**NOT MET**")} |";
}
