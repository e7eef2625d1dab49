namespace OdeKernels.Datasets;

/// <summary>Where an IDX file's content came from, with the digests that identify it.</summary>
/// <param name="Path">The file as given.</param>
/// <param name="Compressed">Whether the file is gzip-compressed (detected by its first two bytes, 1F 8B).</param>
/// <param name="ContentSha256">The SHA-256 of the IDX content (after decompression), lower-case hex: the same for a file and its gzip.</param>
/// <param name="FileMd5">The MD5 of the file's bytes as stored, lower-case hex: what data sets publish for their .gz downloads.</param>
/// <remarks>Thread safety: an immutable value; safe to share.</remarks>
public sealed record IdxSource(string Path, bool Compressed, string ContentSha256, string FileMd5);
