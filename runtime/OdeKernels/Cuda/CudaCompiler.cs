using System;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using OdeKernels.Cuda.Native;

namespace OdeKernels.Cuda;

/// <summary>
/// Compiles composed CUDA C to PTX with NVRTC, caching the PTX on disk by the SHA-256 of the source, the GPU
/// architecture and the NVRTC version (under <c>ODEKERNELS_CUDA_CACHE</c>, else the user's local application data),
/// so a process compiles each network-tableau pair once per machine. A cache that cannot be read or written is
/// skipped, never an error.
/// </summary>
internal static class CudaCompiler
{
    /// <summary>
    /// NVRTC options: the device's virtual architecture, and no contraction of a * b + c into FMA, so the kernels do the
    /// CPU kernels' arithmetic (which never contracts) and the two backends agree to rounding.
    /// </summary>
    private static string[] Options(string architecture) => [$"--gpu-architecture={architecture}", "--fmad=false", "--std=c++17"];

    /// <summary>The loaded NVRTC's version (part of the PTX cache key: another NVRTC may emit other PTX).</summary>
    public static (int Major, int Minor) Version()
    {
        CudaCheck.ThrowIfFailed(NvrtcApi.Version(out int major, out int minor));
        return (major, minor);
    }

    public static byte[] Ptx(string source, string architecture)
    {
        (int major, int minor) = Version();
        string key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{source}\n// {architecture} nvrtc {major}.{minor}"))));
        string? path = CachePath(key);
        if (path is not null && TryRead(path) is { } cached)
        {
            return cached;
        }

        byte[] ptx = Compile(source, architecture);
        if (path is not null)
        {
            TryWrite(path, ptx);
        }

        return ptx;
    }

    private static byte[] Compile(string source, string architecture)
    {
        CudaCheck.ThrowIfFailed(NvrtcApi.CreateProgram(out IntPtr program, Terminated(source), Terminated("odekernels.cu"), 0, IntPtr.Zero, IntPtr.Zero));
        string[] options = Options(architecture);
        var pointers = new IntPtr[options.Length];
        try
        {
            for (int i = 0; i < options.Length; i++)
            {
                pointers[i] = Marshal.StringToHGlobalAnsi(options[i]);
            }

            NvrtcResult compiled = NvrtcApi.CompileProgram(program, options.Length, pointers);
            if (compiled != NvrtcResult.Success)
            {
                string name = CudaCheck.ErrorName(compiled);
                throw new CudaException(name, $"NVRTC could not compile the kernels for {architecture} ({name}):\n{Log(program)}");
            }

            CudaCheck.ThrowIfFailed(NvrtcApi.GetPtxSize(program, out nuint size));
            var ptx = new byte[(int)size];
            CudaCheck.ThrowIfFailed(NvrtcApi.GetPtx(program, ptx));
            return ptx;
        }
        finally
        {
            foreach (IntPtr pointer in pointers)
            {
                Marshal.FreeHGlobal(pointer);
            }

            NvrtcApi.DestroyProgram(ref program);
        }
    }

    private static string Log(IntPtr program)
    {
        if (NvrtcApi.GetProgramLogSize(program, out nuint size) != NvrtcResult.Success || size == 0)
        {
            return "(no log)";
        }

        var log = new byte[(int)size];
        return NvrtcApi.GetProgramLog(program, log) == NvrtcResult.Success ? Encoding.UTF8.GetString(log).TrimEnd('\0') : "(no log)";
    }

    /// <summary>A NUL-terminated UTF-8 copy of <paramref name="text"/>.</summary>
    internal static byte[] Terminated(string text)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }

    private static string? CachePath(string key)
    {
        string? root = Environment.GetEnvironmentVariable("ODEKERNELS_CUDA_CACHE");
        if (string.IsNullOrEmpty(root))
        {
            string local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
            root = string.IsNullOrEmpty(local) ? null : Path.Combine(local, "OdeKernels", "ptx");
        }

        return root is null ? null : Path.Combine(root, key + ".ptx");
    }

    private static byte[]? TryRead(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllBytes(path) : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static void TryWrite(string path, byte[] ptx)
    {
        string temporary = path + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(temporary, ptx);
            File.Move(temporary, path, overwrite: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
