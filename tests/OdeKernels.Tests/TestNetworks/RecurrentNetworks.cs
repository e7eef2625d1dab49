using OdeKernels;

namespace OdeKernels.Tests;

// The recurrent cells of the cell and encoder tests: each precision, both kinds, with and without bias, a kept
// exponential (tanh), none (softplus keeps none, ReLU none either) and a GRU wide enough that its parameter gradient is
// summed within each tile instead of per lane.

/// <summary>A GRU cell, input 3, hidden 5, in double (the encoder's cell: observations of 2, the time gap, h).</summary>
[Network(Inputs = 3, Precision = typeof(double))]
[Gru(5)]
public partial class Gru64
{
}

/// <summary>The same GRU cell in float.</summary>
[Network(Inputs = 3)]
[Gru(5)]
public partial class Gru32
{
}

/// <summary>A GRU cell without biases.</summary>
[Network(Inputs = 2, Precision = typeof(double))]
[Gru(3, Bias = false)]
public partial class GruNoBias64
{
}

/// <summary>A GRU whose 10,416 parameters × 8 lanes pass the per-lane cap: its parameter gradient is summed per tile.</summary>
[Network(Inputs = 6, Precision = typeof(double))]
[Gru(56)]
public partial class GruWide64
{
}

/// <summary>A tanh RNN cell, input 2, hidden 4, in double.</summary>
[Network(Inputs = 2, Precision = typeof(double))]
[Rnn(4)]
public partial class Rnn64
{
}

/// <summary>A ReLU RNN cell in float.</summary>
[Network(Inputs = 2)]
[Rnn(4, Activation.Relu)]
public partial class RnnRelu32
{
}

/// <summary>A softplus RNN cell without biases, in double.</summary>
[Network(Inputs = 3, Precision = typeof(double))]
[Rnn(2, Activation.Softplus, Bias = false)]
public partial class RnnSoftplus64
{
}

/// <summary>The encoder's output network in double: hidden 5 to the mean and log-variance of a 2-dimensional z0.</summary>
[Network(Inputs = 5, Precision = typeof(double))]
[Dense(4)]
public partial class EncoderHead64
{
}

/// <summary>The encoder's output network in float.</summary>
[Network(Inputs = 5)]
[Dense(4)]
public partial class EncoderHead32
{
}
