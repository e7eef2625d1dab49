using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using OdeKernels.Reporting;

namespace OdeKernels.Examples;

/// <summary>A table of results written as CSV and as a Markdown table (the examples' reports).</summary>
/// <param name="columns">The column headers.</param>
/// <remarks>Thread safety: not thread-safe; fill and write it from one thread.</remarks>
public sealed class ResultTable(params string[] columns)
{
    private readonly List<string[]> _rows = [];

    /// <summary>The column headers.</summary>
    public string[] Columns { get; } = columns;

    /// <summary>The rows added so far, one cell a column.</summary>
    public IReadOnlyList<string[]> Rows => _rows;

    /// <summary>Adds a row.</summary>
    /// <param name="row">One cell a column.</param>
    /// <exception cref="ArgumentException">The row does not have one cell a column.</exception>
    public void Add(params string[] row)
    {
        if (row.Length != Columns.Length)
        {
            throw new ArgumentException($"A row needs {Columns.Length} cells, but {row.Length} were given.", nameof(row));
        }

        _rows.Add(row);
    }

    /// <summary>The table in Markdown, each column padded to its widest cell.</summary>
    /// <returns>The table, one line a row, with "\n" line ends.</returns>
    public string ToMarkdown()
    {
        int[] widths = Columns.Select((c, i) => Math.Max(c.Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[i].Length))).ToArray();
        var text = new StringBuilder();
        text.Append("| ").AppendJoin(" | ", Columns.Select((c, i) => c.PadRight(widths[i]))).Append(" |\n");
        text.Append("| ").AppendJoin(" | ", widths.Select(w => new string('-', w))).Append(" |\n");
        foreach (string[] row in _rows)
        {
            text.Append("| ").AppendJoin(" | ", row.Select((c, i) => c.PadRight(widths[i]))).Append(" |\n");
        }

        return text.ToString();
    }

    /// <summary>The table as CSV (RFC 4180 quoting where a cell needs it).</summary>
    /// <returns>The header line and one line a row, with "\n" line ends.</returns>
    public string ToCsv()
    {
        var text = new StringBuilder();
        text.AppendJoin(',', Columns.Select(Quote)).Append('\n');
        foreach (string[] row in _rows)
        {
            text.AppendJoin(',', row.Select(Quote)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Writes <c>{name}.csv</c> and <c>{name}.md</c> into <paramref name="directory"/>, each atomically (<see cref="ReportFile"/>).</summary>
    /// <param name="directory">An existing directory.</param>
    /// <param name="name">The file name without extension.</param>
    public void Save(string directory, string name)
    {
        ReportFile.WriteAllText(Path.Combine(directory, name + ".csv"), ToCsv());
        ReportFile.WriteAllText(Path.Combine(directory, name + ".md"), ToMarkdown());
    }

    private static string Quote(string cell) => cell.IndexOfAny([',', '"', '\n']) < 0 ? cell : "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
