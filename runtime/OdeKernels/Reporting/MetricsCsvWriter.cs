using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace OdeKernels.Reporting;

/// <summary>
/// Writes training metrics as CSV, one row per iteration: <c>iteration,{column…}</c>, numbers in invariant culture and
/// shortest round-trip form (so reading a value back gives the same double; NaN and ±Infinity are written as
/// <c>NaN</c>, <c>Infinity</c>, <c>-Infinity</c>). Each row is flushed to the operating system as it is written, so a
/// killed process leaves only complete rows (and at worst one partial last line, which <see cref="Resume"/> drops).
/// </summary>
/// <remarks>Thread safety: not thread-safe; it appends to one open file; write rows from one thread.</remarks>
public sealed class MetricsCsvWriter : IDisposable
{
    /// <summary>The name of the first column.</summary>
    public const string IterationColumn = "iteration";

    // Enough for any double in "R" form (at most 24 characters) and a long.
    private const int MaxFieldChars = 32;

    private readonly StreamWriter _writer;
    private readonly string[] _columns;

    private MetricsCsvWriter(string path, string[] columns, FileStream stream, long? lastIteration, bool writeHeader)
    {
        Path = path;
        _columns = columns;
        LastIteration = lastIteration;
        _writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { NewLine = "\n" };
        if (writeHeader)
        {
            _writer.Write(HeaderLine(columns));
            _writer.Write('\n');
            _writer.Flush();
        }
    }

    /// <summary>The file written.</summary>
    public string Path { get; }

    /// <summary>The metric columns, after <see cref="IterationColumn"/>.</summary>
    public IReadOnlyList<string> Columns => Array.AsReadOnly(_columns);

    /// <summary>The iteration of the last row in the file, or null when it has none.</summary>
    public long? LastIteration { get; private set; }

    /// <summary>Creates (or replaces) the file and writes the header.</summary>
    /// <param name="path">The file.</param>
    /// <param name="columns">The metric names: distinct, non-empty, without commas, quotes or line breaks, and not <see cref="IterationColumn"/>.</param>
    /// <returns>The writer.</returns>
    /// <exception cref="ArgumentException">A column name is invalid; the message names it.</exception>
    public static MetricsCsvWriter Create(string path, IEnumerable<string> columns)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string[] checkedColumns = CheckColumns(columns);
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
        try
        {
            return new MetricsCsvWriter(path, checkedColumns, stream, null, writeHeader: true);
        }
        catch
        {
            // A header that cannot be written (a full disk) must not leave the stream to a finalizer that retries it.
            DisposeAfterFailure(stream);
            throw;
        }
    }

    /// <summary>
    /// Continues a run's metrics after resuming from the checkpoint of <paramref name="lastIteration"/>: checks that the
    /// file's header matches <paramref name="columns"/>, drops rows after <paramref name="lastIteration"/> (written
    /// after that checkpoint by the interrupted run, and about to be recomputed) and a partial last line, and appends.
    /// Creates the file when it does not exist.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="columns">The metric names, as given to <see cref="Create"/>.</param>
    /// <param name="lastIteration">The last iteration whose row is kept.</param>
    /// <returns>The writer, positioned at the end of the kept rows.</returns>
    /// <exception cref="InvalidDataException">The header differs from the expected one, or a row's iteration is unreadable; the message shows both.</exception>
    public static MetricsCsvWriter Resume(string path, IEnumerable<string> columns, long lastIteration)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string[] checkedColumns = CheckColumns(columns);
        if (!File.Exists(path))
        {
            return Create(path, checkedColumns);
        }

        var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            byte[] content = new byte[stream.Length];
            stream.ReadExactly(content);
            (long keep, long? last) = KeptPrefix(path, content, HeaderLine(checkedColumns), lastIteration);
            stream.SetLength(keep);
            stream.Seek(keep, SeekOrigin.Begin);
            return new MetricsCsvWriter(path, checkedColumns, stream, last, writeHeader: keep == 0);
        }
        catch
        {
            DisposeAfterFailure(stream);
            throw;
        }
    }

    /// <summary>Appends the row of <paramref name="iteration"/> and flushes it. Allocates nothing.</summary>
    /// <param name="iteration">The iteration, greater than <see cref="LastIteration"/>.</param>
    /// <param name="values">One value per column of <see cref="Columns"/>.</param>
    /// <exception cref="ArgumentException">The iteration does not increase, or the number of values differs from the number of columns.</exception>
    public void WriteRow(long iteration, ReadOnlySpan<double> values)
    {
        if (values.Length != _columns.Length)
        {
            throw new ArgumentException($"values must hold one value per column ({_columns.Length}: {string.Join(", ", _columns)}), but its length is {values.Length}.", nameof(values));
        }

        if (LastIteration is { } last && iteration <= last)
        {
            throw new ArgumentException($"iteration must increase, but {iteration} follows {last}.", nameof(iteration));
        }

        Span<char> field = stackalloc char[MaxFieldChars];
        iteration.TryFormat(field, out int written, default, CultureInfo.InvariantCulture);
        _writer.Write(field[..written]);
        foreach (double value in values)
        {
            _writer.Write(',');
            value.TryFormat(field, out written, "R", CultureInfo.InvariantCulture);
            _writer.Write(field[..written]);
        }

        _writer.Write('\n');
        _writer.Flush();
        LastIteration = iteration;
    }

    /// <summary>Flushes and closes the file.</summary>
    public void Dispose() => _writer.Dispose();

    /// <summary>Closes a stream whose last write failed; flushing it again would fail the same way and hide the first error.</summary>
    private static void DisposeAfterFailure(FileStream stream)
    {
        try
        {
            stream.Dispose();
        }
        catch (IOException)
        {
        }
    }

    private static string HeaderLine(string[] columns) => IterationColumn + "," + string.Join(',', columns);

    private static string[] CheckColumns(IEnumerable<string> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        string[] all = columns.ToArray();
        if (all.Length == 0)
        {
            throw new ArgumentException("columns must name at least one metric, but it is empty.", nameof(columns));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal) { IterationColumn };
        foreach (string column in all)
        {
            if (string.IsNullOrEmpty(column) || column.AsSpan().IndexOfAny(",\"\r\n") >= 0 || column.Trim() != column)
            {
                throw new ArgumentException($"column names must be non-empty, without leading or trailing spaces, and hold no comma, quote or line break, but one is '{column}'.", nameof(columns));
            }

            if (!seen.Add(column))
            {
                throw new ArgumentException($"columns must be distinct and not '{IterationColumn}', but '{column}' repeats one.", nameof(columns));
            }
        }

        return all;
    }

    /// <summary>The length of the file's prefix to keep, and the iteration of its last row.</summary>
    private static (long Keep, long? Last) KeptPrefix(string path, byte[] content, string expectedHeader, long lastIteration)
    {
        int headerEnd = Array.IndexOf(content, (byte)'\n');
        if (headerEnd < 0)
        {
            // Killed before the header line was complete: start over.
            return (0, null);
        }

        string header = Encoding.UTF8.GetString(content, 0, headerEnd).TrimEnd('\r');
        if (header != expectedHeader)
        {
            throw new InvalidDataException($"{path}: header '{header}' does not match the columns '{expectedHeader}'; resume with the same metrics or write to a new file.");
        }

        long keep = headerEnd + 1;
        long? last = null;
        int line = 2;
        for (int start = headerEnd + 1; start < content.Length; line++)
        {
            int end = Array.IndexOf(content, (byte)'\n', start);
            if (end < 0)
            {
                break; // a partial last row
            }

            ReadOnlySpan<byte> row = content.AsSpan(start, end - start);
            int comma = row.IndexOf((byte)',');
            ReadOnlySpan<byte> first = comma < 0 ? row : row[..comma];
            if (!long.TryParse(first, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long iteration))
            {
                throw new InvalidDataException($"{path}: line {line} does not start with an iteration number: '{Encoding.UTF8.GetString(row)}'.");
            }

            if (iteration > lastIteration)
            {
                break;
            }

            last = iteration;
            keep = end + 1;
            start = end + 1;
        }

        return (keep, last);
    }
}
