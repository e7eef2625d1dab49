using System;
using System.IO;

namespace OdeKernels.Testing;

/// <summary>
/// A fresh directory under the system temp folder, deleted with its contents on dispose. Compiled into every test
/// project (a linked file; see the test projects' csproj), so there is one of it.
/// </summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => System.IO.Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "odek-" + Guid.NewGuid().ToString("N"));

    /// <summary>The path of <paramref name="name"/> (a file or a subdirectory, not created) inside the directory.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>The names of the files in the directory.</summary>
    public string[] Names() => Array.ConvertAll(System.IO.Directory.GetFiles(Path), f => System.IO.Path.GetFileName(f)!);

    public void Dispose() => System.IO.Directory.Delete(Path, recursive: true);
}
