using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using OdeKernels.Checkpoints;

namespace OdeKernels.Tests.Checkpoints;

/// <summary>
/// Reading a FIFO, a device or an empty file is refused at once: opening a FIFO would wait for a writer forever, and
/// a device is never a checkpoint.
/// </summary>
public sealed class NonRegularFileTests
{
    [Fact]
    public async Task AFifoIsRefusedWithoutBlocking()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return; // no FIFOs in the file system
        }

        using var dir = new TempDirectory();
        string fifo = dir.File("checkpoint.safetensors");
        using (Process mkfifo = Process.Start("mkfifo", [fifo]))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        Task<SafeTensorsFile> read = Task.Run(() => SafeTensorsFile.Read(fifo));
        if (await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(20))) != read)
        {
            // Release the blocked reader before failing, so the test host can end.
            using (new FileStream(fifo, FileMode.Open, FileAccess.Write))
            {
            }

            Assert.Fail("reading a FIFO blocked");
        }

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => read);
        Assert.Contains(fifo, e.Message, StringComparison.Ordinal);
        Assert.Contains("not a regular file", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/dev/null")]
    [InlineData("/dev/zero")]
    public void ADeviceIsRefused(string device)
    {
        if (!File.Exists(device))
        {
            return; // not a Unix system
        }

        var e = Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Read(device));
        Assert.Contains(device, e.Message, StringComparison.Ordinal);
        Assert.Contains("not a regular file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEmptyFileIsRefused()
    {
        using var dir = new TempDirectory();
        string empty = dir.File("empty.safetensors");
        File.WriteAllBytes(empty, []);
        Assert.Contains("the file is empty or not a regular file", Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Read(empty)).Message, StringComparison.Ordinal);
    }
}
