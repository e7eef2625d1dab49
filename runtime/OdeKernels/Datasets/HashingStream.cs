using System;
using System.IO;
using System.Security.Cryptography;

namespace OdeKernels.Datasets;

/// <summary>A read-only stream that feeds every byte it reads to a hash (the MD5 of a file as stored, read once with its content).</summary>
internal sealed class HashingStream(Stream inner, IncrementalHash hash) : ReadOnlyStream
{
    public override int Read(Span<byte> buffer)
    {
        int read = inner.Read(buffer);
        hash.AppendData(buffer[..read]);
        return read;
    }

    /// <summary>Reads (and hashes) what is left, so the digest covers the whole file.</summary>
    public void ReadToEnd()
    {
        Span<byte> rest = stackalloc byte[4096];
        while (Read(rest) > 0)
        {
        }
    }
}
