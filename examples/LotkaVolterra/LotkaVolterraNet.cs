using OdeKernels;

namespace OdeKernels.Examples.LotkaVolterra;

/// <summary>The learned right-hand side: two tanh layers of 32, then the 2 derivatives (1,186 float parameters).</summary>
[Dynamics(StateSize = 2)]
[Dense(32, Activation.Tanh)]
[Dense(32, Activation.Tanh)]
[Dense(2)]
public partial class LotkaVolterraNet
{
}
