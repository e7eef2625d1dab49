using OdeKernels.IO;

namespace OdeKernels.Reporting;

/// <summary>Writes a report's text files (tables as CSV and Markdown) the way the plots are written: atomically.</summary>
/// <remarks>Thread safety: stateless; safe to call from any thread (two writers of one path leave one of the two complete files).</remarks>
public static class ReportFile
{
    /// <summary>
    /// Replaces <paramref name="path"/> with <paramref name="text"/> (UTF-8, no byte-order mark) all at once: a temporary
    /// file in the same folder, flushed to disk, then renamed over the target, so a reader never sees half a table.
    /// </summary>
    /// <param name="path">The file to create or replace; its folder must exist.</param>
    /// <param name="text">The content.</param>
    /// <exception cref="System.ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="System.IO.IOException">The file could not be written; an existing file is left as it was.</exception>
    public static void WriteAllText(string path, string text)
    {
        System.ArgumentNullException.ThrowIfNull(text);
        AtomicFile.WriteAllText(path, text);
    }
}
