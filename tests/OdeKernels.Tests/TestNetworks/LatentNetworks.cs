using OdeKernels;

namespace OdeKernels.Tests;

// The networks of the latent ODE tests (the encoder is Gru64 with EncoderHead64): latent size 2, observations of 2.

/// <summary>The latent dynamics: 2 → 4 (tanh) → 2, in double.</summary>
[Dynamics(StateSize = 2, Precision = typeof(double))]
[Dense(4, Activation.Tanh)]
[Dense(2)]
public partial class LatentField64
{
}

/// <summary>The decoder: z (2) → the mean of an observation (2), in double.</summary>
[Network(Inputs = 2, Precision = typeof(double))]
[Dense(3, Activation.Tanh)]
[Dense(2)]
public partial class LatentDecoder64
{
}

/// <summary>The event rate λ(z): 2 → 1 with a softplus output, so it is positive.</summary>
[Network(Inputs = 2, Precision = typeof(double))]
[Dense(1, Activation.Softplus)]
public partial class EventRate64
{
}
