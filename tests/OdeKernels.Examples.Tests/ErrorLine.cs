using System;

namespace OdeKernels.Examples.Tests;

/// <summary>How every example reports a failure: the documented exit code and one line on stderr, without a stack trace.</summary>
internal static class ErrorLine
{
    /// <summary>Asserts the exit code and that stderr is the single line <c>error: …</c> holding every mention; returns the line.</summary>
    public static string Assert(int expectedCode, int code, string stderr, params string[] mentions)
    {
        Xunit.Assert.True(code == expectedCode, $"exit code {code}, expected {expectedCode}; stderr: {stderr}");
        string[] lines = stderr.TrimEnd('\n', '\r').Split('\n');
        Xunit.Assert.True(lines.Length == 1, "stderr must be one line, but it is:\n" + stderr);
        Xunit.Assert.StartsWith("error: ", lines[0], StringComparison.Ordinal);
        Xunit.Assert.DoesNotContain("   at ", lines[0], StringComparison.Ordinal);
        foreach (string mention in mentions)
        {
            Xunit.Assert.Contains(mention, lines[0], StringComparison.Ordinal);
        }

        return lines[0];
    }
}
