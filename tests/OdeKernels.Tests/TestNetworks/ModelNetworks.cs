using OdeKernels;

namespace OdeKernels.Tests;

// The parts of the composed models (stem, ODE block, head) of the model tests.

/// <summary>A stem 2 → 3 for the gradient tests.</summary>
[Network(Inputs = 2, Precision = typeof(double))]
[Dense(3, Activation.Tanh)]
public partial class Stem64
{
}

/// <summary>The vector field on the stem's 3 outputs plus one augmented component.</summary>
[Dynamics(StateSize = 4, Precision = typeof(double))]
[Dense(8, Activation.Tanh)]
[Dense(4)]
public partial class Field64
{
}

/// <summary>A head 4 → 2 with a residual block.</summary>
[Network(Inputs = 4, Precision = typeof(double))]
[Residual]
[Dense(4, Activation.Softplus)]
[Dense(2)]
public partial class Head64
{
}

/// <summary>The augmented field of the spheres test: 2 input components and one zero.</summary>
[Dynamics(StateSize = 3)]
[Dense(16, Activation.Tanh)]
[Dense(3)]
public partial class SpheresField
{
}

/// <summary>The linear head of the spheres test.</summary>
[Network(Inputs = 3)]
[Dense(2)]
public partial class SpheresHead
{
}
