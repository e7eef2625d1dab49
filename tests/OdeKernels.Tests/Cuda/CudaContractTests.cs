using System;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using OdeKernels.Cuda;
using OdeKernels.Solving;
using OdeKernels.Tests.Dynamics;

namespace OdeKernels.Tests.Cuda;

/// <summary>
/// The host and the kernels agree on every positional fact between them: the status codes of
/// <c>Device/ode_contract.cuh</c> against <see cref="CudaStatus"/>, the packed options' slots against
/// <see cref="CudaBackend.OptionLayout"/>, the checkpoint buffers' scalars against <see cref="CudaJob{T}"/>, the kernel
/// entry points against <see cref="CudaKernelSource"/>, and every built-in tableau's generated CUDA step against its
/// <see cref="TableauInfo"/> and the CPU's controller. Renumbering or reordering one side alone fails here.
/// </summary>
public sealed class CudaContractTests
{
    [Fact]
    public void TheHeadersStatusCodesAreCudaStatusMemberByMember()
    {
        var header = Regex.Matches(CudaDriverCode.Contract, @"^#define ODE_(\w+) (\d+)$", RegexOptions.Multiline)
            .Where(m => !m.Groups[1].Value.EndsWith("_SCALARS", StringComparison.Ordinal))
            .ToDictionary(m => Normalize(m.Groups[1].Value), m => int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        var host = typeof(CudaStatus).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(int))
            .ToDictionary(f => Normalize(f.Name), f => (int)f.GetRawConstantValue()!);

        Assert.Equal(10, host.Count);
        Assert.Equal(host.Keys.Order(), header.Keys.Order());
        foreach ((string name, int code) in host)
        {
            Assert.True(header[name] == code, $"CudaStatus.{name} is {code}, but ode_contract.cuh defines it as {header[name]}.");
        }
    }

    [Fact]
    public void TheHeadersOptionSlotsAreTheOptionLayout()
    {
        string[] slots = Regex.Matches(CudaDriverCode.Contract, @"r\.(\w+) = (?:\(long long\))?o\[(\d+)\];")
            .OrderBy(m => int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture))
            .Select((m, i) => int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) == i ? m.Groups[1].Value : $"(slot {i} missing)")
            .ToArray();

        Assert.Equal(CudaBackend.OptionLayout.Select(slot => slot.Field), slots);
        string fields = Regex.Match(CudaDriverCode.Contract, @"struct OdeOptions\s*\{([^}]*)\}").Groups[1].Value;
        Assert.Equal(slots.Order(), Regex.Matches(fields, @"\b([a-z_]+)\b(?=[,;])").Select(m => m.Groups[1].Value).Order());
    }

    [Fact]
    public void PackedOptionsFollowTheLayout()
    {
        var options = new SolverOptions
        {
            RelativeTolerance = 1e-5, AbsoluteTolerance = 2e-7, FixedStep = null, InitialStep = 0.03, MaxStep = 0.4, MinStep = 1e-12,
            Safety = 0.85, MinFactor = 0.25, MaxFactor = 7, ControllerBeta = 0.03, MaxSteps = 12345,
        };

        double[] packed = CudaBackend.PackOptions(options);

        Assert.Equal([1e-5, 2e-7, 0, 0.03, 0.4, 1e-12, 0.85, 0.25, 7, 0.03, 12345], packed);
        Assert.Equal(double.PositiveInfinity, CudaBackend.PackOptions(new SolverOptions())[Array.FindIndex(CudaBackend.OptionLayout, s => s.Field == "max_step")]);
    }

    [Fact]
    public void TheHeadersCheckpointScalarsAreTheHosts()
    {
        Assert.Contains($"#define ODE_CHECKPOINT_SCALARS {CudaJob<double>.CheckpointScalars}\n", CudaDriverCode.Contract, StringComparison.Ordinal);
        Assert.Contains($"#define ODE_SEGMENT_SCALARS {CudaJob<double>.SegmentScalars}\n", CudaDriverCode.Contract, StringComparison.Ordinal);
    }

    [Fact]
    public void TheKernelEntryPointsAreTheHostsNames()
    {
        string[] entries = Regex.Matches(CudaDriverCode.Kernels + CudaDriverCode.Checkpointed, @"extern ""C"" __global__ void (\w+)\(")
            .Select(m => m.Groups[1].Value).Order().ToArray();

        Assert.Equal(new[] { CudaKernelSource.BacksolveKernel, CudaKernelSource.CheckpointedKernel, CudaKernelSource.SolveKernel }.Order(), entries);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void EveryBuiltInTableauHasACudaStepThatAgreesWithItsInfo(string name) => Tableaux.Visit(name, new CheckStep());

    [Fact]
    public void AHandWrittenTableauHasNoCudaStepAndCudaRefusesIt()
    {
        double[] y0 = [1.0, 0.5], saveAt = [0.0, 0.5];

        Assert.Null(GetStep<ForwardingTsit5>());
        NotSupportedException e = Assert.Throws<NotSupportedException>(() =>
            Ode.Solve(new SpiralNet64(seed: 1), new ForwardingTsit5(), y0, saveAt, new SolverOptions { Backend = Backend.Cuda }));
        Assert.Contains("CudaStepSource", e.Message, StringComparison.Ordinal);
        Assert.Contains("Tsit5", e.Message, StringComparison.Ordinal);
        Assert.Throws<NotSupportedException>(() =>
            Ode.Gradient(new SpiralNet64(seed: 1), new ForwardingTsit5(), y0, saveAt, new double[4], new SolverOptions { Backend = Backend.Cuda }));

        Solution<double> auto = Ode.Solve(new SpiralNet64(seed: 1), new ForwardingTsit5(), y0, saveAt, new SolverOptions { Backend = Backend.Auto });
        Solution<double> cpu = Ode.Solve(new SpiralNet64(seed: 1), new Tsit5(), y0, saveAt, new SolverOptions { Backend = Backend.Cpu });
        Assert.Equal(cpu.States.ToArray(), auto.States.ToArray());
    }

    public static TheoryData<string> Methods() => new(Tableaux.All);

    private static string? GetStep<TTableau>() where TTableau : IRungeKuttaTableau => TTableau.CudaStepSource;

    /// <summary>ODE_NONFINITE_START and NonFiniteStart both become "nonfinitestart".</summary>
    private static string Normalize(string name) => name.Replace("_", string.Empty, StringComparison.Ordinal).ToLowerInvariant();

    private sealed class CheckStep : ITableauAction
    {
        public void Run<TTableau>() where TTableau : struct, IRungeKuttaTableau
        {
            TableauInfo info = TTableau.Info;
            string step = Assert.IsType<string>(TTableau.CudaStepSource);
            int Define(string name) => int.Parse(Regex.Match(step, $@"^#define {name} (\d+)$", RegexOptions.Multiline).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

            Assert.StartsWith($"// {info.Name}: {info.Stages} stages, ", step, StringComparison.Ordinal);
            Assert.Equal(info.Stages, Define("ODE_STAGES"));
            Assert.Equal(info.Order, Define("ODE_ORDER"));
            Assert.Equal(info.EmbeddedOrder, Define("ODE_EMBEDDED_ORDER"));
            Assert.Equal(info.IsFsal ? 1 : 0, Define("ODE_FSAL"));
            Assert.Equal(StepController.ErrorOrder(info), Define("ODE_CONTROLLER_Q"));
            Assert.Contains("__device__ __forceinline__ void ode_rk_step(", step, StringComparison.Ordinal);
        }
    }

    /// <summary>A tableau written by hand (Tsit5's steps behind it), so it has no generated CUDA step.</summary>
    private struct ForwardingTsit5 : IRungeKuttaTableau
    {
        public static TableauInfo Info => Tsit5.Info;

        public static void Step<T, TSystem>(ref TSystem system, scoped ref readonly RungeKuttaStep<T> step)
            where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
            where TSystem : struct, IBatchedOdeSystem<T> => Tsit5.Step(ref system, in step);

        public static void ReverseStep<T, TSystem>(ref TSystem system, scoped ref readonly RungeKuttaStep<T> step, scoped ref readonly RungeKuttaReverse<T> reverse)
            where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
            where TSystem : struct, IBatchedDifferentiableSystem<T> => Tsit5.ReverseStep(ref system, in step, in reverse);
    }
}
