using System;
using System.IO;

namespace OdeKernels.Testing;

/// <summary>Finds executables on PATH (the compilers some tests build with: g++, clang++, gcc).</summary>
internal static class PathLookup
{
    public static string? Find(string name)
    {
        foreach (string folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(folder, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
