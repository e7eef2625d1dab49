using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using OdeKernels.IO;

namespace OdeKernels.Checkpoints;

/// <summary>
/// Keeps the newest checkpoints of a run in one directory, named <c>{prefix}{iteration:D6}{extension}</c>
/// (for example <c>checkpoint-001200.safetensors</c>): each save is atomic, and older files are deleted only after
/// the new one is safely on disk, so a crash at any moment leaves at least one complete checkpoint.
/// </summary>
/// <remarks>Thread safety: it keeps no mutable state, but saving and pruning from several threads or processes into the
/// same directory race on the files; use one writer per directory.</remarks>
public sealed class CheckpointRotation
{
    private static readonly Lazy<DateTime> ProcessStart = new(() =>
    {
        using var process = Process.GetCurrentProcess();
        return process.StartTime.ToUniversalTime();
    });

    /// <summary>Creates the rotation; the directory is created on the first save.</summary>
    /// <param name="directory">The directory of the checkpoints.</param>
    /// <param name="keep">How many of the newest checkpoints to keep (positive).</param>
    /// <param name="prefix">The file name before the iteration (not empty, no path separators).</param>
    /// <param name="extension">The file name after the iteration, starting with '.'.</param>
    /// <exception cref="ArgumentException">An argument is out of range; the message names it and its value.</exception>
    public CheckpointRotation(string directory, int keep, string prefix = "checkpoint-", string extension = ".safetensors")
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (keep <= 0)
        {
            throw new ArgumentException($"keep must be positive, but it is {keep}.", nameof(keep));
        }

        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Length == 0 || prefix.AsSpan().IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || prefix.Contains('/') || prefix.Contains('\\'))
        {
            throw new ArgumentException($"prefix must be a non-empty file name part without path separators, but it is '{prefix}'.", nameof(prefix));
        }

        ArgumentNullException.ThrowIfNull(extension);
        if (extension.Length < 2 || extension[0] != '.' || extension.AsSpan().IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || extension.EndsWith(AtomicFile.TemporarySuffix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"extension must start with '.', be a valid file name part and not end in '{AtomicFile.TemporarySuffix}', but it is '{extension}'.", nameof(extension));
        }

        Directory = Path.GetFullPath(directory);
        Keep = keep;
        Prefix = prefix;
        Extension = extension;
    }

    /// <summary>The full path of the checkpoint directory.</summary>
    public string Directory { get; }

    /// <summary>How many of the newest checkpoints are kept.</summary>
    public int Keep { get; }

    /// <summary>The file name before the iteration.</summary>
    public string Prefix { get; }

    /// <summary>The file name after the iteration.</summary>
    public string Extension { get; }

    /// <summary>The newest checkpoint (by iteration), or null when there is none.</summary>
    public string? Latest
    {
        get
        {
            IReadOnlyList<(long Iteration, string Path)> all = List();
            return all.Count == 0 ? null : all[^1].Path;
        }
    }

    /// <summary>The path of the checkpoint of <paramref name="iteration"/>.</summary>
    /// <param name="iteration">The iteration (non-negative).</param>
    /// <returns><c>{Directory}/{Prefix}{iteration:D6}{Extension}</c>.</returns>
    public string PathFor(long iteration)
    {
        if (iteration < 0)
        {
            throw new ArgumentException($"iteration must be non-negative, but it is {iteration}.", nameof(iteration));
        }

        return Path.Combine(Directory, Prefix + iteration.ToString("D6", CultureInfo.InvariantCulture) + Extension);
    }

    /// <summary>
    /// Writes the checkpoint of <paramref name="iteration"/> atomically with <see cref="SafeTensorsFile.Write"/>,
    /// then deletes all but the <see cref="Keep"/> newest checkpoints. If the write fails, nothing is deleted.
    /// </summary>
    /// <param name="iteration">The iteration (non-negative).</param>
    /// <param name="tensors">The tensors to store.</param>
    /// <param name="metadata">String metadata (may be null).</param>
    /// <returns>The path written.</returns>
    public string Save(long iteration, IEnumerable<SafeTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        string path = PathFor(iteration);
        System.IO.Directory.CreateDirectory(Directory);
        SafeTensorsFile.Write(path, tensors, metadata);
        Prune();
        return path;
    }

    /// <summary>
    /// Deletes the temporary files that saves into this directory left behind when their process was killed
    /// (<c>.{Prefix}{iteration}{Extension}.{32 hex digits}.tmp</c>, usually empty). A file is deleted only when all
    /// of these hold, so a save in progress in another process is never disturbed: its name has exactly that form
    /// (other files, other programs' temporary files included, are never touched); it was last written before
    /// <paramref name="writtenBefore"/> (by default the start of this process, so every save that began after it is
    /// spared); and no process holds it open, which a writer does with an exclusive lock from creating the file to
    /// renaming it (a lock that a killed process no longer holds). Files that cannot be checked or deleted are left.
    /// </summary>
    /// <param name="writtenBefore">Only files last written before this time are candidates; null for the start of this process.</param>
    /// <returns>The paths deleted.</returns>
    public IReadOnlyList<string> RemoveAbandonedTemporaryFiles(DateTime? writtenBefore = null)
    {
        var removed = new List<string>();
        if (!System.IO.Directory.Exists(Directory))
        {
            return removed;
        }

        DateTime before = (writtenBefore ?? ProcessStart.Value).ToUniversalTime();
        foreach (string path in System.IO.Directory.EnumerateFiles(Directory, "." + Prefix + "*" + AtomicFile.TemporarySuffix))
        {
            if (!AtomicFile.IsTemporaryName(Path.GetFileName(path), out string target) || !TryParseIteration(target, out _))
            {
                continue;
            }

            try
            {
                if (File.GetLastWriteTimeUtc(path) >= before)
                {
                    continue;
                }

                // FileShare.None fails while the writer holds the file; DeleteOnClose removes it under our own lock.
                using (new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None, 1, FileOptions.DeleteOnClose))
                {
                }

                removed.Add(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // In use, gone already, or not ours to delete: leave it.
            }
        }

        return removed;
    }

    /// <summary>The checkpoints in the directory, by ascending iteration. Files that do not match the pattern are ignored.</summary>
    public IReadOnlyList<(long Iteration, string Path)> List()
    {
        var found = new List<(long Iteration, string Path)>();
        if (!System.IO.Directory.Exists(Directory))
        {
            return found;
        }

        foreach (string path in System.IO.Directory.EnumerateFiles(Directory, Prefix + "*" + Extension))
        {
            if (TryParseIteration(Path.GetFileName(path), out long iteration))
            {
                found.Add((iteration, path));
            }
        }

        found.Sort(static (a, b) => a.Iteration.CompareTo(b.Iteration));
        return found;
    }

    /// <summary>Whether <paramref name="name"/> is <c>{Prefix}{digits}{Extension}</c>, and its iteration.</summary>
    private bool TryParseIteration(string name, out long iteration)
    {
        iteration = 0;
        if (name.Length <= Prefix.Length + Extension.Length || !name.StartsWith(Prefix, StringComparison.Ordinal) || !name.EndsWith(Extension, StringComparison.Ordinal))
        {
            return false;
        }

        ReadOnlySpan<char> digits = name.AsSpan(Prefix.Length, name.Length - Prefix.Length - Extension.Length);
        return !digits.ContainsAnyExceptInRange('0', '9') && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out iteration);
    }

    /// <summary>Deletes all but the <see cref="Keep"/> newest checkpoints (by iteration).</summary>
    public void Prune()
    {
        IReadOnlyList<(long Iteration, string Path)> all = List();
        for (int i = 0; i < all.Count - Keep; i++)
        {
            File.Delete(all[i].Path);
        }
    }
}
