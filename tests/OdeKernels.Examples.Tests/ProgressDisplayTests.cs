using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using OdeKernels.Terminal;
using OdeKernels.Training;
using Spectre.Console;

namespace OdeKernels.Examples.Tests;

/// <summary>
/// The live progress display keeps each run on one line at any console width and shows the iteration count. It is
/// rendered here as on a terminal (ANSI, interactive) into a string, at fixed widths.
/// </summary>
public sealed partial class ProgressDisplayTests
{
    [Theory]
    [InlineData(40)]
    [InlineData(80)]
    [InlineData(120)]
    public void EveryRenderedLineFitsTheWidthAndShowsTheIterationCount(int width)
    {
        var writer = new LockedWriter();
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.TrueColor,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = width;

        TrainingConsole.Run(console, observer =>
        {
            observer.OnStart(new TrainingStart("SpiralNet", "Tsit5", AdjointMethod.Backsolve, 252, 0, 300));
            for (int i = 1; i <= 300; i++)
            {
                observer.OnIteration(new TrainingReport(i, 300, 1.234e-3 * i, 0.05, 0.31, 12_345, 23_456, 1_000 + i, 3, 0.0123, 0.0123 * i));
                if (i is 1 or 137)
                {
                    // Wait for the display's refresh (every 100 ms) to draw this iteration.
                    var clock = System.Diagnostics.Stopwatch.StartNew();
                    while (!Lines(writer.Snapshot()).Any(l => l.StartsWith($"{i}/300 ", StringComparison.Ordinal)) && clock.Elapsed < TimeSpan.FromSeconds(10))
                    {
                        Thread.Sleep(10);
                    }
                }
            }

            observer.OnStop(new TrainingResult(TrainingStopReason.MaxIterations, 300, 0.37, 3.7, null));
            return 0;
        });

        string[] lines = Lines(writer.Snapshot());
        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.True(line.Length < width, $"{line.Length} columns at width {width}: '{line}'"));
        foreach (string count in new[] { "1/300", "137/300", "300/300" })
        {
            Assert.Contains(lines, line => line.StartsWith(count + " ", StringComparison.Ordinal));
        }

        // The loss shows at every one of these widths.
        Assert.Contains(lines, line => line.StartsWith("137/300 ", StringComparison.Ordinal) && line.Contains("loss 1.691E-001", StringComparison.Ordinal));
    }

    [Fact]
    public void TheLineIsCutToEveryWidth()
    {
        var task = new ProgressTask(0, "loss 1.234E-003  lr 5.0E-002  fwd 12345  bwd 23456  steps 1137+3", 300) { Value = 137 };
        for (int width = 1; width <= 200; width++)
        {
            string line = TrainingProgressColumn.Line(task, width);
            Assert.True(line.Length <= Math.Max(1, width - 1), $"width {width}: '{line}'");
            if (width > "137/300".Length + 1)
            {
                Assert.StartsWith("137/300", line, StringComparison.Ordinal);
            }
        }

        Assert.EndsWith("steps 1137+3", TrainingProgressColumn.Line(task, 200), StringComparison.Ordinal);
        Assert.Contains("…", TrainingProgressColumn.Line(task, 60), StringComparison.Ordinal);
    }

    /// <summary>The visible lines of the output: escape sequences (colours, cursor moves) removed, blank lines dropped.</summary>
    private static string[] Lines(string output) => AnsiEscape().Replace(output, string.Empty).Replace("\r", string.Empty, StringComparison.Ordinal)
        .Split('\n').Where(l => l.Trim().Length > 0).ToArray();

    [GeneratedRegex("\u001b\\[[0-9;?]*[ -/]*[@-~]")]
    private static partial Regex AnsiEscape();

    /// <summary>A string writer that the display's refresh thread and the test can use at once.</summary>
    private sealed class LockedWriter : StringWriter
    {
        public override void Write(char value)
        {
            lock (this)
            {
                base.Write(value);
            }
        }

        public override void Write(string? value)
        {
            lock (this)
            {
                base.Write(value);
            }
        }

        public override void Write(char[] buffer, int index, int count)
        {
            lock (this)
            {
                base.Write(buffer, index, count);
            }
        }

        public override void Write(ReadOnlySpan<char> buffer)
        {
            lock (this)
            {
                base.Write(buffer);
            }
        }

        public string Snapshot()
        {
            lock (this)
            {
                return ToString();
            }
        }
    }
}
