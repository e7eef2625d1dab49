using OdeKernels;

namespace OdeKernels.Tests;

// The networks of the ODE-RNN encoder tests: observations of 2, a hidden state of 3, a latent z0 of 2 (so the encoder
// fits the latent ODE tests' LatentField64 and LatentDecoder64).

/// <summary>The ODE-RNN's GRU update: [x (2) ; h (3)] → h', in double.</summary>
[Network(Inputs = 2, Precision = typeof(double))]
[Gru(3)]
public partial class OdeRnnCell64
{
}

/// <summary>The hidden state's dynamics between observations: 3 → 4 (tanh) → 3, in double.</summary>
[Dynamics(StateSize = 3, Precision = typeof(double))]
[Dense(4, Activation.Tanh)]
[Dense(3)]
public partial class OdeRnnField64
{
}

/// <summary>The ODE-RNN's output network: h (3) → the mean and log-variance of a 2-dimensional z0, in double.</summary>
[Network(Inputs = 3, Precision = typeof(double))]
[Dense(4)]
public partial class OdeRnnHead64
{
}

/// <summary>The ODE-RNN's GRU update in float.</summary>
[Network(Inputs = 2)]
[Gru(3)]
public partial class OdeRnnCell32
{
}

/// <summary>The hidden state's dynamics in float.</summary>
[Dynamics(StateSize = 3)]
[Dense(4, Activation.Tanh)]
[Dense(3)]
public partial class OdeRnnField32
{
}

/// <summary>The ODE-RNN's output network in float.</summary>
[Network(Inputs = 3)]
[Dense(4)]
public partial class OdeRnnHead32
{
}
