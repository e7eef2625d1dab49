namespace OdeKernels.Examples.Spheres;

// Per dimension d: a linear stem d → d, the vector field f: d → 32 (tanh) → d, and a linear head d → 2 logits. The
// stem is an invertible linear map at best, so it cannot help the flow untangle the spheres; only crossing can.

/// <summary>The linear stem for d = 2.</summary>
[Network(Inputs = 2)]
[Dense(2)]
public partial class Stem2
{
}

/// <summary>The vector field for d = 2.</summary>
[Dynamics(StateSize = 2)]
[Dense(32, Activation.Tanh)]
[Dense(2)]
public partial class Field2
{
}

/// <summary>The linear head for d = 2.</summary>
[Network(Inputs = 2)]
[Dense(2)]
public partial class Head2
{
}

/// <summary>The linear stem for d = 3.</summary>
[Network(Inputs = 3)]
[Dense(3)]
public partial class Stem3
{
}

/// <summary>The vector field for d = 3.</summary>
[Dynamics(StateSize = 3)]
[Dense(32, Activation.Tanh)]
[Dense(3)]
public partial class Field3
{
}

/// <summary>The linear head for d = 3.</summary>
[Network(Inputs = 3)]
[Dense(2)]
public partial class Head3
{
}

/// <summary>The linear stem for d = 10.</summary>
[Network(Inputs = 10)]
[Dense(10)]
public partial class Stem10
{
}

/// <summary>The vector field for d = 10.</summary>
[Dynamics(StateSize = 10)]
[Dense(32, Activation.Tanh)]
[Dense(10)]
public partial class Field10
{
}

/// <summary>The linear head for d = 10.</summary>
[Network(Inputs = 10)]
[Dense(2)]
public partial class Head10
{
}
