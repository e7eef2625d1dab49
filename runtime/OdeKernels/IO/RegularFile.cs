using System.IO;

namespace OdeKernels.IO;

/// <summary>Refuses paths that name something other than a regular file before anything opens them.</summary>
internal static class RegularFile
{
    /// <summary>
    /// Throws when <paramref name="path"/> exists as a file but reports a size of 0. The BCL has no portable test for
    /// the file type, but FIFOs, character and block devices and sockets all report 0 on Linux, and opening a FIFO
    /// blocks until a writer appears; an empty regular file is no valid input for a reader that calls this either, so
    /// it is refused the same way. A missing path or a directory is left to the open that follows, which reports it.
    /// </summary>
    /// <param name="path">The file about to be read.</param>
    /// <param name="expected">What the file must be, completing the message (e.g. "a checkpoint is a regular file of at least 8 bytes").</param>
    /// <exception cref="InvalidDataException">The path is empty or not a regular file; the message names it.</exception>
    public static void Check(string path, string expected)
    {
        var info = new FileInfo(path);
        if (info.Exists && info.Length == 0)
        {
            throw new InvalidDataException($"{path}: the file is empty or not a regular file (a FIFO, device or socket reports a size of 0); {expected}.");
        }
    }
}
