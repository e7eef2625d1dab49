using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using OdeKernels.Cuda.Native;

namespace OdeKernels.Cuda;

/// <summary>
/// The one owner of the process's CUDA state on one device: the primary context, a stream, the loaded modules
/// (compiled once per kernel source and kept for the process) and each launch's device buffers (freed when the launch
/// returns, on success or failure). Launches are serialised: a solve fills the device on its own.
/// </summary>
internal sealed class CudaContext : ICudaRunner
{
    private readonly object _gate = new();
    private readonly IntPtr _context;
    private readonly IntPtr _stream;
    private readonly Dictionary<string, IntPtr> _modules = new(StringComparer.Ordinal);

    internal CudaContext(int ordinal)
    {
        CudaCheck.ThrowIfFailed(CudaDriverApi.DeviceGet(out int device, ordinal));
        CudaCheck.ThrowIfFailed(CudaDriverApi.DeviceGetAttribute(out int major, CudaDriverApi.ComputeCapabilityMajor, device));
        CudaCheck.ThrowIfFailed(CudaDriverApi.DeviceGetAttribute(out int minor, CudaDriverApi.ComputeCapabilityMinor, device));
        var name = new byte[256];
        CudaCheck.ThrowIfFailed(CudaDriverApi.DeviceGetName(name, name.Length, device));
        Name = Encoding.ASCII.GetString(name).TrimEnd('\0');
        Architecture = string.Create(CultureInfo.InvariantCulture, $"compute_{major}{minor}");
        ComputeCapability = (major, minor);
        CudaCheck.ThrowIfFailed(CudaDriverApi.DriverGetVersion(out int driver));
        DriverVersion = driver;
        CudaCheck.ThrowIfFailed(CudaDriverApi.DevicePrimaryCtxRetain(out _context, device));
        CudaCheck.ThrowIfFailed(CudaDriverApi.CtxSetCurrent(_context));
        CudaCheck.ThrowIfFailed(CudaDriverApi.StreamCreate(out _stream, 0));
    }

    /// <summary>The device's name, as the driver reports it.</summary>
    public string Name { get; }

    /// <summary>The virtual architecture NVRTC compiles for (e.g. <c>compute_90</c>).</summary>
    public string Architecture { get; }

    /// <summary>The device's compute capability (9.0 on Hopper), from which <see cref="Architecture"/> is named.</summary>
    public (int Major, int Minor) ComputeCapability { get; }

    /// <summary>The CUDA version the driver supports, as <c>cuDriverGetVersion</c> encodes it (1000 × major + 10 × minor: 13000 is 13.0).</summary>
    public int DriverVersion { get; }

    public void Run<T>(CudaJob<T> job)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        lock (_gate)
        {
            // The context is current per thread; a caller's thread may be new to CUDA.
            CudaCheck.ThrowIfFailed(CudaDriverApi.CtxSetCurrent(_context));
            IntPtr function = Function(job.Source, job.KernelName);
            CudaCheck.ThrowIfFailed(CudaDriverApi.MemGetInfo(out nuint free, out nuint total));
            CudaMemory.Check(job.DeviceBytes, (long)free, (long)total, job.Lanes, job.Description);
            using var buffers = new DeviceBuffers();
            using var arguments = new KernelArguments();
            ulong parameters = buffers.Upload<T>(job.Parameters);
            ulong save = buffers.Upload<double>(job.Save), options = buffers.Upload<double>(job.Options);
            ulong stats = buffers.Allocate<long>(job.Stats.Length), status = buffers.Allocate<double>(job.Status.Length);
            arguments.Pointer(parameters).Int(job.UseSharedParameters ? 1 : 0);
            if (job.Kind == CudaKernelKind.Solve)
            {
                ulong y0 = buffers.Upload<T>(job.Y0), states = buffers.Allocate<T>(job.States.Length);
                arguments.Pointer(y0).Pointer(save).Int(job.Saves).Pointer(options).Int(job.Lanes).Pointer(states).Pointer(stats).Pointer(status);
                Launch(function, job, arguments);
                DeviceBuffers.Download<T>(states, job.States);
            }
            else if (job.Kind == CudaKernelKind.Backsolve)
            {
                ulong states = buffers.Upload<T>(job.States), loss = buffers.Upload<T>(job.LossGradient);
                ulong initial = buffers.Allocate<T>(job.InitialStateGradient.Length);
                ulong lanes = buffers.Allocate<double>((long)job.Parameters.Length * job.Lanes);
                ulong gradient = buffers.Allocate<double>(job.ParameterGradient.Length);
                arguments.Pointer(states).Pointer(loss).Pointer(save).Int(job.Saves).Pointer(options).Int(job.Lanes)
                    .Pointer(initial).Pointer(lanes).Pointer(gradient).Pointer(stats).Pointer(status);
                Launch(function, job, arguments);
                DeviceBuffers.Download<T>(initial, job.InitialStateGradient);
                DeviceBuffers.Download<double>(gradient, job.ParameterGradient);
            }
            else
            {
                CudaCheckpointPlan plan = job.Checkpoints ?? throw new InvalidOperationException("A Checkpointed job needs its checkpoint plan.");
                long lanes = job.Lanes, n = job.StateSize;
                ulong y0 = buffers.Upload<T>(job.Y0), loss = buffers.Upload<T>(job.LossGradient), intervals = buffers.Upload<int>(plan.Intervals);
                ulong checkpointStates = buffers.Allocate<T>(plan.Capacity * 2 * n * lanes);
                ulong checkpointScalars = buffers.Allocate<double>(plan.Capacity * (long)CudaJob<T>.CheckpointScalars * lanes);
                ulong segmentStates = buffers.Allocate<T>(plan.SegmentCapacity * n * lanes);
                ulong segmentScalars = buffers.Allocate<double>(plan.SegmentCapacity * (long)CudaJob<T>.SegmentScalars * lanes);
                ulong initial = buffers.Allocate<T>(job.InitialStateGradient.Length);
                ulong columns = buffers.Allocate<double>(job.Parameters.Length * lanes);
                ulong gradient = buffers.Allocate<double>(job.ParameterGradient.Length);
                arguments.Pointer(y0).Pointer(loss).Pointer(save).Int(job.Saves).Pointer(options).Int(job.Lanes)
                    .Pointer(intervals).Int(plan.Capacity).Int(plan.SegmentCapacity)
                    .Pointer(checkpointStates).Pointer(checkpointScalars).Pointer(segmentStates).Pointer(segmentScalars)
                    .Pointer(initial).Pointer(columns).Pointer(gradient).Pointer(stats).Pointer(status);
                Launch(function, job, arguments);
                DeviceBuffers.Download<T>(initial, job.InitialStateGradient);
                DeviceBuffers.Download<double>(gradient, job.ParameterGradient);
            }

            DeviceBuffers.Download<long>(stats, job.Stats);
            DeviceBuffers.Download<double>(status, job.Status);
        }
    }

    private void Launch<T>(IntPtr function, CudaJob<T> job, KernelArguments arguments)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CudaCheck.ThrowIfFailed(CudaDriverApi.LaunchKernel(function, (uint)job.Blocks, 1, 1, (uint)job.BlockSize, 1, 1, (uint)job.SharedBytes, _stream, arguments.Build(), IntPtr.Zero));
        CudaCheck.ThrowIfFailed(CudaDriverApi.StreamSynchronize(_stream));
    }

    private IntPtr Function(string source, string kernel)
    {
        string key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(source)));
        if (!_modules.TryGetValue(key, out IntPtr module))
        {
            byte[] ptx = CudaCompiler.Ptx(source, Architecture);
            CudaCheck.ThrowIfFailed(CudaDriverApi.ModuleLoadData(out module, ptx));
            _modules.Add(key, module);
        }

        CudaCheck.ThrowIfFailed(CudaDriverApi.ModuleGetFunction(out IntPtr function, module, CudaCompiler.Terminated(kernel)));
        return function;
    }

    /// <summary>The device buffers of one launch, freed together.</summary>
    private sealed class DeviceBuffers : IDisposable
    {
        private readonly List<ulong> _pointers = new();

        public ulong Allocate<TElement>(long count)
            where TElement : unmanaged
        {
            nuint bytes = (nuint)Math.Max(1L, count * Marshal.SizeOf<TElement>());
            CudaCheck.ThrowIfFailed(CudaDriverApi.MemAlloc(out ulong pointer, bytes));
            _pointers.Add(pointer);
            CudaCheck.ThrowIfFailed(CudaDriverApi.MemsetD8(pointer, 0, bytes));
            return pointer;
        }

        public ulong Upload<TElement>(TElement[] values)
            where TElement : unmanaged
        {
            ulong pointer = Allocate<TElement>(values.Length);
            if (values.Length > 0)
            {
                Span<byte> bytes = MemoryMarshal.AsBytes(values.AsSpan());
                CudaCheck.ThrowIfFailed(CudaDriverApi.MemcpyHtoD(pointer, ref MemoryMarshal.GetReference(bytes), (nuint)bytes.Length));
            }

            return pointer;
        }

        public static void Download<TElement>(ulong pointer, TElement[] values)
            where TElement : unmanaged
        {
            if (values.Length > 0)
            {
                Span<byte> bytes = MemoryMarshal.AsBytes(values.AsSpan());
                CudaCheck.ThrowIfFailed(CudaDriverApi.MemcpyDtoH(ref MemoryMarshal.GetReference(bytes), pointer, (nuint)bytes.Length));
            }
        }

        public void Dispose()
        {
            foreach (ulong pointer in _pointers)
            {
                _ = CudaDriverApi.MemFree(pointer);
            }

            _pointers.Clear();
        }
    }

    /// <summary>cuLaunchKernel's argument array: a pointer to each value, the values in one unmanaged block of 8-byte slots.</summary>
    private sealed class KernelArguments : IDisposable
    {
        private readonly List<long> _values = new();
        private readonly List<bool> _isInt = new();
        private IntPtr _block;

        public KernelArguments Pointer(ulong value)
        {
            _values.Add(unchecked((long)value));
            _isInt.Add(false);
            return this;
        }

        public KernelArguments Int(int value)
        {
            _values.Add(value);
            _isInt.Add(true);
            return this;
        }

        public IntPtr[] Build()
        {
            _block = Marshal.AllocHGlobal(8 * _values.Count);
            var pointers = new IntPtr[_values.Count];
            for (int i = 0; i < _values.Count; i++)
            {
                if (_isInt[i])
                {
                    Marshal.WriteInt32(_block, 8 * i, (int)_values[i]);
                }
                else
                {
                    Marshal.WriteInt64(_block, 8 * i, _values[i]);
                }

                pointers[i] = _block + (8 * i);
            }

            return pointers;
        }

        public void Dispose()
        {
            if (_block != IntPtr.Zero)
            {
                Marshal.FreeHGlobal(_block);
                _block = IntPtr.Zero;
            }
        }
    }
}
