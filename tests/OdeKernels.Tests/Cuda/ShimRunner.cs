using System;
using System.IO;
using System.Numerics;
using System.Runtime.InteropServices;
using OdeKernels.Cuda;

namespace OdeKernels.Tests.Cuda;

/// <summary>
/// Runs CUDA jobs on the CPU: builds the job's kernel source against the shim, writes its inputs as binary files,
/// runs the executable and reads the outputs back into the job, as <see cref="CudaContext"/> does with a device.
/// </summary>
internal sealed class ShimRunner : ICudaRunner
{
    public static readonly ShimRunner Instance = new();

    public void Run<T>(CudaJob<T> job)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        string executable = ShimCompiler.Build(job.Source);
        string folder = Path.Combine(Path.GetTempPath(), "odekernels-cuda-shim", "job-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            Write(folder, "params.bin", job.Parameters);
            Write(folder, "save.bin", job.Save);
            Write(folder, "options.bin", job.Options);
            string mode = job.Kind switch
            {
                CudaKernelKind.Solve => "solve",
                CudaKernelKind.Backsolve => "backsolve",
                _ => "checkpointed",
            };
            if (job.Kind == CudaKernelKind.Backsolve)
            {
                Write(folder, "states.bin", job.States);
            }
            else
            {
                Write(folder, "y0.bin", job.Y0);
            }

            if (job.Kind != CudaKernelKind.Solve)
            {
                Write(folder, "loss.bin", job.LossGradient);
            }

            string arguments = $"\"{folder}\" {mode} {job.Lanes} {job.Saves} {job.BlockSize} {(job.UseSharedParameters ? 1 : 0)} {job.SharedBytes}";
            if (job.Checkpoints is { } plan)
            {
                Write(folder, "intervals.bin", plan.Intervals);
                arguments += $" {plan.Capacity} {plan.SegmentCapacity}";
            }

            (int code, string output) = ShimCompiler.Run(executable, arguments, folder);
            if (code != 0)
            {
                throw new InvalidOperationException($"The shim run failed ({code}): {output}");
            }

            if (job.Kind == CudaKernelKind.Solve)
            {
                Read(folder, "states.out", job.States);
            }
            else
            {
                Read(folder, "initial.out", job.InitialStateGradient);
                Read(folder, "gradient.out", job.ParameterGradient);
            }

            Read(folder, "stats.out", job.Stats);
            Read(folder, "status.out", job.Status);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void Write<TElement>(string folder, string name, TElement[] values)
        where TElement : unmanaged =>
        File.WriteAllBytes(Path.Combine(folder, name), MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    private static void Read<TElement>(string folder, string name, TElement[] into)
        where TElement : unmanaged
    {
        byte[] bytes = File.ReadAllBytes(Path.Combine(folder, name));
        Span<byte> target = MemoryMarshal.AsBytes(into.AsSpan());
        if (bytes.Length != target.Length)
        {
            throw new InvalidOperationException($"{name} holds {bytes.Length} bytes, but {target.Length} were expected.");
        }

        bytes.CopyTo(target);
    }
}
