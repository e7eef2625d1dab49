using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace OdeKernels.Generators.Tests;

/// <summary>
/// Baselines of generated text, in the manner of Verify: <c>Snapshots/{name}.verified.cs</c> in the source tree holds
/// the accepted output; a mismatch writes <c>{name}.received.cs</c> beside it and fails with the first differing line.
/// Line endings are normalised to '\n', so a checkout with CRLF endings still matches. The runtime tests link this
/// file too (their public-API baseline), so every baseline of the repository follows one convention.
/// </summary>
internal static class Snapshot
{
    /// <summary>Set to 1 (outside CI) to overwrite the verified files with the received output and pass.</summary>
    public const string AcceptVariable = "ODEKERNELS_ACCEPT_SNAPSHOTS";

    /// <summary>The assembly metadata (set by the test project file) naming the project's source directory.</summary>
    private static readonly string ProjectDirectoryKey = typeof(Snapshot).Assembly.GetName().Name + ".ProjectDirectory";

    /// <summary>Compares <paramref name="actual"/> with the verified snapshot <paramref name="name"/>.</summary>
    /// <param name="actual">The text to check.</param>
    /// <param name="name">The snapshot's name: a file name without extension, e.g. <c>ButcherTableau.Bosh3</c>.</param>
    public static void Match(string actual, string name) =>
        MatchFile(actual, Path.Combine(ProjectDirectory(), "Snapshots", name + ".verified.cs"));

    /// <summary>
    /// Compares <paramref name="actual"/> with the baseline at <paramref name="verifiedPath"/> (a <c>*.verified.*</c>
    /// file); a mismatch writes the <c>*.received.*</c> file beside it.
    /// </summary>
    /// <param name="actual">The text to check.</param>
    /// <param name="verifiedPath">The baseline's path, e.g. <c>.../Documentation/PublicApi.verified.txt</c>.</param>
    public static void MatchFile(string actual, string verifiedPath)
    {
        string directory = Path.GetDirectoryName(verifiedPath)!;
        string receivedPath = Path.Combine(directory, Path.GetFileName(verifiedPath).Replace(".verified.", ".received.", StringComparison.Ordinal));
        string received = Normalize(actual);
        string? verified = File.Exists(verifiedPath) ? Normalize(File.ReadAllText(verifiedPath)) : null;

        if (verified == received)
        {
            File.Delete(receivedPath);
            return;
        }

        // CI must judge the committed baselines, never write its own: a missing or stale one fails there.
        bool inCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!inCi && Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            Directory.CreateDirectory(directory);
            Write(verifiedPath, received);
            File.Delete(receivedPath);
            return;
        }

        Directory.CreateDirectory(directory);
        Write(receivedPath, received);
        string what = verified is null
            ? $"No verified snapshot '{verifiedPath}' exists."
            : $"The output differs from the verified snapshot '{verifiedPath}'.{Environment.NewLine}{FirstDifference(verified, received)}";
        Assert.Fail(
            $"{what}{Environment.NewLine}" +
            $"The output was written to '{receivedPath}'.{Environment.NewLine}" +
            $"If it is right, accept it: copy the received file over the verified one, or run the tests with {AcceptVariable}=1 (ignored where CI=true).");
    }

    /// <summary>Describes the first line where two texts differ (1-based), with both versions of it.</summary>
    internal static string FirstDifference(string expected, string actual)
    {
        string[] e = expected.Split('\n'), a = actual.Split('\n');
        for (int i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            string? left = i < e.Length ? e[i] : null, right = i < a.Length ? a[i] : null;
            if (left != right)
            {
                return $"First difference at line {i + 1}:{Environment.NewLine}" +
                    $"  verified: {Show(left)}{Environment.NewLine}" +
                    $"  received: {Show(right)}";
            }
        }

        return "The texts are equal.";
    }

    internal static string Normalize(string text) => text.Replace("\r\n", "\n").Replace('\r', '\n');

    private static string Show(string? line) => line is null ? "(end of file)" : "\"" + line + "\"";

    // No byte-order mark, '\n' endings: the files are compared as text, but stable bytes keep diffs quiet.
    private static void Write(string path, string text) => File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));

    /// <summary>
    /// The test project's source directory, as the project file records it in the assembly's metadata
    /// (<c>{AssemblyName}.ProjectDirectory</c>); without that, this file's compile-time path. The metadata comes first:
    /// the runtime tests compile this file from the generator tests' folder, and under CI=true the build maps source
    /// paths to <c>/_/</c> (ContinuousIntegrationBuild), which hides the real path.
    /// </summary>
    internal static string ProjectDirectory([CallerFilePath] string thisFile = "")
    {
        string? fromMetadata = typeof(Snapshot).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == ProjectDirectoryKey)?.Value;
        if (fromMetadata is not null && Directory.Exists(fromMetadata))
        {
            return fromMetadata;
        }

        string? fromCaller = Path.GetDirectoryName(thisFile);
        if (fromCaller is not null && Directory.Exists(fromCaller))
        {
            return fromCaller;
        }

        throw new InvalidOperationException($"Cannot find the test project's directory: no '{ProjectDirectoryKey}' metadata points at one and '{thisFile}' does not exist.");
    }
}
