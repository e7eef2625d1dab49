using System;
using System.IO;

namespace OdeKernels.Tests.Checkpoints;

/// <summary>A fresh directory under the system temp folder, deleted with its contents on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => System.IO.Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "odek-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string[] Names() => Array.ConvertAll(System.IO.Directory.GetFiles(Path), f => System.IO.Path.GetFileName(f)!);

    public void Dispose() => System.IO.Directory.Delete(Path, recursive: true);
}
