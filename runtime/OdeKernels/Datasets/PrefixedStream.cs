using System;
using System.IO;

namespace OdeKernels.Datasets;

/// <summary>A read-only stream of a few bytes already read (the two that tell gzip from plain) followed by the rest of a stream.</summary>
internal sealed class PrefixedStream(byte[] prefix, Stream rest) : ReadOnlyStream
{
    private int _position;

    public override int Read(Span<byte> buffer)
    {
        if (_position < prefix.Length && buffer.Length > 0)
        {
            int n = Math.Min(buffer.Length, prefix.Length - _position);
            prefix.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        return rest.Read(buffer);
    }
}
