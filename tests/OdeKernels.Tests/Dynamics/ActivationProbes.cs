using OdeKernels;

namespace OdeKernels.Tests.Dynamics;

// One probe per activation and precision: Dense(1) without bias (weight 1, so the activation sees x itself), then
// the activation as a pointwise layer. Evaluate gives act(x); a VJP with cotangent 1 gives act'(x).

[Dynamics(StateSize = 1)]
[Dense(1, Bias = false)]
public partial class IdentityProbe { }

[Dynamics(StateSize = 1)]
[Dense(1, Bias = false)]
[Pointwise(Activation.Tanh)]
public partial class TanhProbe { }

[Dynamics(StateSize = 1)]
[Dense(1, Bias = false)]
[Pointwise(Activation.Relu)]
public partial class ReluProbe { }

[Dynamics(StateSize = 1)]
[Dense(1, Bias = false)]
[Pointwise(Activation.Softplus)]
public partial class SoftplusProbe { }

[Dynamics(StateSize = 1)]
[Dense(1, Bias = false)]
[Pointwise(Activation.Sigmoid)]
public partial class SigmoidProbe { }

[Dynamics(StateSize = 1)]
[Dense(1, Bias = false)]
[Pointwise(Activation.Silu)]
public partial class SiluProbe { }

[Dynamics(StateSize = 1)]
[Dense(1, Bias = false)]
[Pointwise(Activation.Gelu)]
public partial class GeluProbe { }

[Dynamics(StateSize = 1)]
[Dense(1, Bias = false)]
[Pointwise(Activation.Sin)]
public partial class SinProbe { }

[Dynamics(StateSize = 1)]
[Dense(1, Bias = false)]
[Pointwise(Activation.Cube)]
public partial class CubeProbe { }

[Dynamics(StateSize = 1, Precision = typeof(double))]
[Dense(1, Bias = false)]
public partial class IdentityProbe64 { }

[Dynamics(StateSize = 1, Precision = typeof(double))]
[Dense(1, Bias = false)]
[Pointwise(Activation.Tanh)]
public partial class TanhProbe64 { }

[Dynamics(StateSize = 1, Precision = typeof(double))]
[Dense(1, Bias = false)]
[Pointwise(Activation.Relu)]
public partial class ReluProbe64 { }

[Dynamics(StateSize = 1, Precision = typeof(double))]
[Dense(1, Bias = false)]
[Pointwise(Activation.Softplus)]
public partial class SoftplusProbe64 { }

[Dynamics(StateSize = 1, Precision = typeof(double))]
[Dense(1, Bias = false)]
[Pointwise(Activation.Sigmoid)]
public partial class SigmoidProbe64 { }

[Dynamics(StateSize = 1, Precision = typeof(double))]
[Dense(1, Bias = false)]
[Pointwise(Activation.Silu)]
public partial class SiluProbe64 { }

[Dynamics(StateSize = 1, Precision = typeof(double))]
[Dense(1, Bias = false)]
[Pointwise(Activation.Gelu)]
public partial class GeluProbe64 { }

[Dynamics(StateSize = 1, Precision = typeof(double))]
[Dense(1, Bias = false)]
[Pointwise(Activation.Sin)]
public partial class SinProbe64 { }

[Dynamics(StateSize = 1, Precision = typeof(double))]
[Dense(1, Bias = false)]
[Pointwise(Activation.Cube)]
public partial class CubeProbe64 { }


/// <summary>Creates the probe of an activation, with its weight set to 1.</summary>
internal static class ActivationProbes
{
    public static IBatchedDifferentiableSystem<float> Float(Activation activation) => WithUnitWeight<float>(activation switch
    {
        Activation.Identity => new IdentityProbe(seed: 0),
        Activation.Tanh => new TanhProbe(seed: 0),
        Activation.Relu => new ReluProbe(seed: 0),
        Activation.Softplus => new SoftplusProbe(seed: 0),
        Activation.Sigmoid => new SigmoidProbe(seed: 0),
        Activation.Silu => new SiluProbe(seed: 0),
        Activation.Gelu => new GeluProbe(seed: 0),
        Activation.Sin => new SinProbe(seed: 0),
        Activation.Cube => new CubeProbe(seed: 0),
        _ => throw new System.ArgumentOutOfRangeException(nameof(activation)),
    });

    public static IBatchedDifferentiableSystem<double> Double(Activation activation) => WithUnitWeight<double>(activation switch
    {
        Activation.Identity => new IdentityProbe64(seed: 0),
        Activation.Tanh => new TanhProbe64(seed: 0),
        Activation.Relu => new ReluProbe64(seed: 0),
        Activation.Softplus => new SoftplusProbe64(seed: 0),
        Activation.Sigmoid => new SigmoidProbe64(seed: 0),
        Activation.Silu => new SiluProbe64(seed: 0),
        Activation.Gelu => new GeluProbe64(seed: 0),
        Activation.Sin => new SinProbe64(seed: 0),
        Activation.Cube => new CubeProbe64(seed: 0),
        _ => throw new System.ArgumentOutOfRangeException(nameof(activation)),
    });

    private static IBatchedDifferentiableSystem<T> WithUnitWeight<T>(IBatchedDifferentiableSystem<T> probe)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        probe.Parameters[0] = T.One;
        return probe;
    }
}
