using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;

namespace OdeKernels.Examples.Tests;

/// <summary>Runs a built example dll with <c>dotnet</c> as a child process, output redirected (so the plain-text display is used).</summary>
internal static class ExampleProcess
{
    /// <summary>
    /// A process inherits an ignored SIGINT (a test host started in the background by a non-interactive shell has
    /// one), and .NET then keeps Ctrl-C ignored; GNU env resets it to the default where it can, so that the Ctrl-C
    /// tests reach the program's handler.
    /// </summary>
    private static readonly Lazy<bool> EnvResetsSignals = new(() =>
    {
        try
        {
            using Process? probe = Process.Start(new ProcessStartInfo("env", ["--default-signal=INT", "true"]) { RedirectStandardError = true, UseShellExecute = false });
            probe?.WaitForExit();
            return probe?.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    });

    public static string Spiral => Dll("SpiralDll");

    public static string LotkaVolterra => Dll("LotkaVolterraDll");

    public static string Spheres => Dll("SpheresDll");

    public static string ResNetVsDense => Dll("ResNetVsDenseDll");

    public static string Quickstart => Dll("QuickstartDll");

    public static string LatentOde => Dll("LatentOdeDll");

    public static string Flows => Dll("FlowsDll");

    public static string ImageOdeNet => Dll("ImageOdeNetDll");

    public static Process Start(string dll, params string[] args)
    {
        bool viaEnv = EnvResetsSignals.Value;
        var info = new ProcessStartInfo(viaEnv ? "env" : "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (viaEnv)
        {
            info.ArgumentList.Add("--default-signal=INT");
            info.ArgumentList.Add("dotnet");
        }

        info.ArgumentList.Add(dll);
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
    }

    /// <summary>Runs to the end (at most <paramref name="timeoutSeconds"/>) and returns the exit code and both streams.</summary>
    public static (int ExitCode, string Output, string Error) Run(string dll, string[] args, int timeoutSeconds = 60)
    {
        using Process process = Start(dll, args);
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(timeoutSeconds)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(dll)} {string.Join(' ', args)} ran longer than {timeoutSeconds} s");
        }

        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }

    /// <summary>
    /// Sends Ctrl-C (SIGINT) to a training run once its first checkpoint is in <paramref name="checkpoints"/> (so the
    /// handler is surely installed) and waits for it to stop; the caller drains its output.
    /// </summary>
    /// <returns>The exit code.</returns>
    public static int InterruptAfterFirstCheckpoint(Process process, string checkpoints)
    {
        var clock = Stopwatch.StartNew();
        while (!Directory.Exists(checkpoints) || Directory.GetFiles(checkpoints, "checkpoint-*.safetensors").Length == 0)
        {
            Assert.False(process.HasExited, "the run ended before its first checkpoint");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "no checkpoint within 60 s");
            System.Threading.Thread.Sleep(2);
        }

        using (Process kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "the run did not stop within 60 s of Ctrl-C");
        return process.ExitCode;
    }

    private static string Dll(string key)
    {
        string path = typeof(ExampleProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
        Assert.True(File.Exists(path), $"{path} is missing: build the solution first");
        return path;
    }
}
