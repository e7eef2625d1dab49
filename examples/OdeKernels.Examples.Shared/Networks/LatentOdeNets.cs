namespace OdeKernels.Examples.Networks;

// The networks of the latent ODE example, sized as Chen et al.'s latent_ode.py (2018, §5.1): a GRU recognition
// network of 25 hidden units over [x ; Δt], a latent state of 4, latent dynamics 4 → 20 → 20 → 4 (tanh here, ELU
// there: the generator has no ELU), a decoder 4 → 20 (ReLU) → 2; the RNN baseline swaps the ODE for a GRU stepping
// over the time gaps; the Poisson variant has a 2-D latent state and a softplus rate.

/// <summary>The encoder's cell: input [x (2) ; Δt], hidden 25 (the network's input is [x ; Δt ; h], 28 values).</summary>
[Network(Inputs = 3)]
[Gru(25)]
public partial class SpiralEncoderCell
{
}

/// <summary>The encoder's output network: the final hidden state (25) → [μ ; log σ²] of z0 (4 + 4).</summary>
[Network(Inputs = 25)]
[Dense(8)]
public partial class SpiralEncoderHead
{
}

/// <summary>The latent dynamics dz/dt = f(z), 4 → 20 → 20 → 4.</summary>
[Dynamics(StateSize = 4)]
[Dense(20, Activation.Tanh)]
[Dense(20, Activation.Tanh)]
[Dense(4)]
public partial class LatentSpiralField
{
}

/// <summary>The decoder: z (4) → the mean of an observation (2).</summary>
[Network(Inputs = 4)]
[Dense(20, Activation.Relu)]
[Dense(2)]
public partial class SpiralDecoder
{
}

/// <summary>The RNN baseline's first hidden state from z0: 4 → 25 (tanh, the range of a GRU's state).</summary>
[Network(Inputs = 4)]
[Dense(25, Activation.Tanh)]
public partial class RnnDecoderStart
{
}

/// <summary>The RNN baseline's decoder cell: input the time gap Δt to the next output, hidden 25.</summary>
[Network(Inputs = 1)]
[Gru(25)]
public partial class RnnDecoderCell
{
}

/// <summary>The RNN baseline's readout: hidden state (25) → the mean of an observation (2).</summary>
[Network(Inputs = 25)]
[Dense(20, Activation.Relu)]
[Dense(2)]
public partial class RnnDecoderReadout
{
}

/// <summary>The Poisson variant's latent dynamics, 2 → 16 → 2, in double.</summary>
[Dynamics(StateSize = 2, Precision = typeof(double))]
[Dense(16, Activation.Tanh)]
[Dense(2)]
public partial class EventField
{
}

/// <summary>The Poisson variant's rate λ(z): 2 → 16 → 1 with a softplus output, so it is positive.</summary>
[Network(Inputs = 2, Precision = typeof(double))]
[Dense(16, Activation.Tanh)]
[Dense(1, Activation.Softplus)]
public partial class EventRate
{
}
