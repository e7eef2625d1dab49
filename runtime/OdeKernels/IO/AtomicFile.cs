using System;
using System.IO;
using System.Text;

namespace OdeKernels.IO;

/// <summary>
/// Replaces a file all at once: the content goes to a temporary file in the same directory (so the final rename stays
/// on one file system and is atomic), is flushed to disk, and only then renamed over the target. A failure at any
/// point deletes the temporary file and leaves an existing target untouched. A process killed mid-write leaves its
/// temporary file behind (<c>.{name}.{32 hex digits}.tmp</c>); the writer holds it open with
/// <see cref="FileShare.None"/> (an exclusive advisory lock on Unix) for as long as it writes, which is how a cleaner
/// (the checkpoint rotation's) tells a live write from an abandoned one. It sits below both the checkpoint format and
/// the reports, which write through it and know nothing of each other.
/// </summary>
internal static class AtomicFile
{
    /// <summary>The suffix of temporary files; such files never match a checkpoint pattern.</summary>
    public const string TemporarySuffix = ".tmp";

    /// <summary>
    /// Whether <paramref name="fileName"/> has the form of this class's temporary files, and if so the name of the
    /// file it was to replace.
    /// </summary>
    public static bool IsTemporaryName(string fileName, out string target)
    {
        target = string.Empty;
        const int Digits = 32;
        int minimum = 1 + 1 + 1 + Digits + TemporarySuffix.Length;
        if (fileName.Length < minimum || fileName[0] != '.' || !fileName.EndsWith(TemporarySuffix, StringComparison.Ordinal))
        {
            return false;
        }

        int dot = fileName.Length - TemporarySuffix.Length - Digits - 1;
        if (fileName[dot] != '.' || fileName.AsSpan(dot + 1, Digits).ContainsAnyExcept("0123456789abcdef"))
        {
            return false;
        }

        target = fileName[1..dot];
        return true;
    }

    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full) ?? throw new ArgumentException($"path '{path}' has no directory.", nameof(path));
        string temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}{TemporarySuffix}");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                write(stream);

                // Without flushToDisk the rename can reach the disk before the data does, and a power cut then
                // leaves a complete-looking file of zeros in place of the previous good one.
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    public static void WriteAllText(string path, string text) =>
        Write(path, stream =>
        {
            byte[] bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text);
            stream.Write(bytes);
        });

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The original error matters more than a leftover temporary file.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
