using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using OdeKernels.Examples;
using OdeKernels.IO;

namespace OdeKernels.GpuCheck;

/// <summary>
/// The check's one table: a row per step (the device, each NVRTC compile, each CPU-against-CUDA comparison, each
/// throughput figure), in long form so that <c>bench/gpu/peers.py</c> writes rows of the same columns and
/// <c>bench/gpu/run.sh</c> merges the two by concatenation. Every step leaves a row, a failed or skipped one too,
/// with the reason in <see cref="Note"/>. The files are written again after every row, so a run stopped by
/// run.sh's time limit still leaves the rows it finished.
/// </summary>
/// <param name="folder">The folder of <see cref="MarkdownFile"/> and <see cref="CsvFile"/>.</param>
/// <param name="title">The Markdown file's heading.</param>
/// <param name="footer">The paragraphs under the Markdown table.</param>
internal sealed class CheckTable(string folder, string title, string footer)
{
    /// <summary>The columns, in order (the same as peers.py's <c>COLUMNS</c>).</summary>
    public static readonly string[] Columns = ["section", "workload", "precision", "method", "lanes", "engine", "value", "unit", "seconds", "limit", "status", "note"];

    /// <summary>The file names in the output folder.</summary>
    public const string MarkdownFile = "odekernels.md", CsvFile = "odekernels.csv";

    /// <summary>Statuses: the step ran and met its limit; it ran and did not; it did not run (the note says why).</summary>
    public const string Ok = "ok", Fail = "FAIL", Skipped = "skipped";

    /// <summary>The note column's index (the only free-text column).</summary>
    public const int Note = 11;

    private readonly ResultTable _table = new(Columns);
    private readonly List<string> _header = [];

    /// <summary>Lines printed above the table (machine, device, settings).</summary>
    public IReadOnlyList<string> Header => _header;

    /// <summary>The rows so far.</summary>
    public IReadOnlyList<string[]> Rows => _table.Rows;

    /// <summary>Rows whose status is <see cref="Fail"/>.</summary>
    public int Failures => _table.Rows.Count(r => r[10] == Fail);

    /// <summary>Adds a line above the table.</summary>
    public void AddHeader(string line) => _header.Add(line);

    /// <summary>Adds a row and prints it as one line, so a run cut short still shows what it did.</summary>
    public void Add(string section, string workload, string precision, string method, string lanes, string engine, string value, string unit, string seconds, string limit, string status, string note)
    {
        // A '|' would split a Markdown cell; a line break would split the row.
        string[] row = [section, workload, precision, method, lanes, engine, value, unit, seconds, limit, status, note];
        for (int i = 0; i < row.Length; i++)
        {
            row[i] = row[i].Replace('|', '/').Replace('\r', ' ').Replace('\n', ' ');
        }

        _table.Add(row);
        Console.WriteLine(string.Join(" | ", row.Where(c => c.Length > 0)));
        Write();
    }

    /// <summary>A number as the table prints it: six significant digits, invariant culture, a lower-case exponent as Python's (empty for NaN).</summary>
    public static string Number(double value) => double.IsNaN(value)
        ? string.Empty
        : value.ToString("G6", CultureInfo.InvariantCulture).Replace("E+", "e+", StringComparison.Ordinal).Replace("E-", "e-", StringComparison.Ordinal);

    /// <summary>An integer as the table prints it.</summary>
    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Writes <see cref="MarkdownFile"/> (title, header lines, table, footer) and <see cref="CsvFile"/>, each atomically.</summary>
    private void Write()
    {
        var text = new StringBuilder();
        text.Append("# ").Append(title).Append("\n\n");
        foreach (string line in _header)
        {
            text.Append("- ").Append(line).Append('\n');
        }

        text.Append('\n').Append(_table.ToMarkdown()).Append('\n').Append(footer);
        AtomicFile.WriteAllText(Path.Combine(folder, CsvFile), _table.ToCsv());
        AtomicFile.WriteAllText(Path.Combine(folder, MarkdownFile), text.ToString());
    }
}
