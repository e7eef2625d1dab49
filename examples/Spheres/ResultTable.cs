using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace OdeKernels.Examples;

/// <summary>A table of results written as CSV and as a Markdown table (the examples' reports).</summary>
internal sealed class ResultTable(params string[] columns)
{
    private readonly List<string[]> _rows = [];

    public string[] Columns { get; } = columns;

    public IReadOnlyList<string[]> Rows => _rows;

    public void Add(params string[] row)
    {
        if (row.Length != Columns.Length)
        {
            throw new ArgumentException($"A row needs {Columns.Length} cells, but {row.Length} were given.", nameof(row));
        }

        _rows.Add(row);
    }

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

    /// <summary>Writes <c>{name}.csv</c> and <c>{name}.md</c> into <paramref name="directory"/>.</summary>
    public void Save(string directory, string name)
    {
        File.WriteAllText(Path.Combine(directory, name + ".csv"), ToCsv());
        File.WriteAllText(Path.Combine(directory, name + ".md"), ToMarkdown());
    }

    private static string Quote(string cell) => cell.IndexOfAny([',', '"', '\n']) < 0 ? cell : "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
