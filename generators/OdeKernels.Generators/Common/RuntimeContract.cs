namespace OdeKernels.Generators.Common;

/// <summary>
/// Every name the generators share with the runtime (<c>runtime/OdeKernels</c>), written once: the attributes they
/// read (metadata names, property names, constructor argument positions), the runtime types the generated code names
/// and the members it names or implements explicitly. The generator cannot reference the runtime (it runs inside the
/// compiler, on netstandard2.0), so these are strings; <c>RuntimeContractTests</c> in the generator tests resolves every
/// constant here against the runtime assembly by reflection, so a rename on either side fails a test instead of
/// silently ignoring an attribute or emitting code that does not compile.
/// </summary>
/// <remarks>
/// Layout, which the test relies on: one nested class per runtime type, named like it. <c>FullName</c> is the
/// namespace-qualified name as <c>ToDisplayString</c> writes it (generic types without type arguments); <c>Global</c>
/// is what generated code writes (<c>global::</c> prefixed, so a user's type of the same name cannot capture it). Every
/// other string constant is the name of a member of that type (a property, an enum member, an interface member); an
/// <c>int</c> constant <c>XArgument</c> is the position of the constructor parameter that sets property X.
/// </remarks>
internal static class RuntimeContract
{
    /// <summary>The runtime's root namespace: generated code names it from the global one.</summary>
    public const string Namespace = "OdeKernels";

    /// <summary>
    /// The namespace of what only generated code uses (step buffers, the parameter initialiser's random stream, the
    /// CUDA device-code interface), hidden from IntelliSense in the runtime.
    /// </summary>
    public const string GeneratedNamespace = Namespace + ".Generated";

    private const string Root = "global::" + Namespace + ".";
    private const string GeneratedRoot = "global::" + GeneratedNamespace + ".";

    /// <summary><c>[ButcherTableau]</c>: a Runge-Kutta method's coefficients and orders.</summary>
    public static class ButcherTableauAttribute
    {
        public const string FullName = Namespace + ".ButcherTableauAttribute";
        public const string C = "C";
        public const string A = "A";
        public const string B = "B";
        public const string BHat = "BHat";
        public const string Order = "Order";
        public const string EmbeddedOrder = "EmbeddedOrder";
        public const string Dense = "Dense";
        public const string DenseOrder = "DenseOrder";
        public const string ExtraC = "ExtraC";
        public const string ExtraA = "ExtraA";
    }

    /// <summary><c>[Dynamics]</c>: a neural right-hand side.</summary>
    public static class DynamicsAttribute
    {
        public const string FullName = Namespace + ".DynamicsAttribute";
        public const string StateSize = "StateSize";
        public const string Precision = "Precision";
        public const string TimeInput = "TimeInput";
        public const string Divergence = "Divergence";
        public const string FusedMultiplyAdd = "FusedMultiplyAdd";
        public const string Channels = "Channels";
        public const string Height = "Height";
        public const string Width = "Width";
    }

    /// <summary><c>[Network]</c>: a discrete feed-forward network.</summary>
    public static class NetworkAttribute
    {
        public const string FullName = Namespace + ".NetworkAttribute";
        public const string Inputs = "Inputs";
        public const string Precision = "Precision";
        public const string FusedMultiplyAdd = "FusedMultiplyAdd";
        public const string Channels = "Channels";
        public const string Height = "Height";
        public const string Width = "Width";
    }

    /// <summary><c>[Dense(outputs, activation)]</c>: a fully connected layer.</summary>
    /// <summary>A convolution layer; every setting is a constructor argument.</summary>
    public static class Conv2dAttribute
    {
        public const string FullName = Namespace + ".Conv2dAttribute";
        public const int OutChannelsArgument = 0;
        public const int KernelArgument = 1;
        public const int StrideArgument = 2;
        public const int PaddingArgument = 3;
        public const int ActivationArgument = 4;
        public const int BiasArgument = 5;

        /// <summary>The named <c>Algorithm</c> property (a <c>ConvolutionAlgorithm</c>).</summary>
        public const string AlgorithmProperty = "Algorithm";
    }

    /// <summary>How a convolution's forward pass is computed.</summary>
    public static class ConvolutionAlgorithm
    {
        public const string FullName = Namespace + ".ConvolutionAlgorithm";

        /// <summary>The member that selects Winograd's F(4×4, 3×3).</summary>
        public const string Winograd = "Winograd";
    }

    /// <summary>A group-normalisation layer.</summary>
    public static class GroupNormAttribute
    {
        public const string FullName = Namespace + ".GroupNormAttribute";
        public const int GroupsArgument = 0;
    }

    /// <summary>An average-pooling layer.</summary>
    public static class AvgPool2dAttribute
    {
        public const string FullName = Namespace + ".AvgPool2dAttribute";
        public const int KernelArgument = 0;
        public const int StrideArgument = 1;
    }

    /// <summary>A global average-pooling layer (no arguments).</summary>
    public static class GlobalAvgPool2dAttribute
    {
        public const string FullName = Namespace + ".GlobalAvgPool2dAttribute";
    }

    /// <summary>The shape of a feature map, in a <c>Layers</c> row of a convolution or group normalisation.</summary>
    public static class FeatureMapShape
    {
        public const string FullName = Namespace + ".FeatureMapShape";
        public const string Global = Root + "FeatureMapShape";
    }

    public static class DenseAttribute
    {
        public const string FullName = Namespace + ".DenseAttribute";
        public const string Bias = "Bias";
        public const int OutputsArgument = 0;
        public const int ActivationArgument = 1;
    }

    /// <summary><c>[Pointwise(activation)]</c>: an elementwise layer.</summary>
    public static class PointwiseAttribute
    {
        public const string FullName = Namespace + ".PointwiseAttribute";
        public const int ActivationArgument = 0;
    }

    /// <summary><c>[Residual(Layers = n)]</c>: a skip connection over the next n layers of a <c>[Network]</c>.</summary>
    public static class ResidualAttribute
    {
        public const string FullName = Namespace + ".ResidualAttribute";
        public const string Layers = "Layers";
    }

    /// <summary><c>[Gru(hidden)]</c>: a GRU cell, the only layer of its <c>[Network]</c>.</summary>
    public static class GruAttribute
    {
        public const string FullName = Namespace + ".GruAttribute";
        public const string Bias = "Bias";
        public const int HiddenArgument = 0;
    }

    /// <summary><c>[Rnn(hidden, activation)]</c>: a plain recurrent cell, the only layer of its <c>[Network]</c>.</summary>
    public static class RnnAttribute
    {
        public const string FullName = Namespace + ".RnnAttribute";
        public const string Bias = "Bias";
        public const int HiddenArgument = 0;
        public const int ActivationArgument = 1;
    }

    /// <summary>What every generated tableau implements.</summary>
    public static class IRungeKuttaTableau
    {
        public const string FullName = Namespace + ".IRungeKuttaTableau";
        public const string Global = Root + "IRungeKuttaTableau";
    }

    /// <summary>A tableau's description; generated code calls its constructor (public, hidden from IntelliSense).</summary>
    public static class TableauInfo
    {
        public const string FullName = Namespace + ".TableauInfo";
        public const string Global = Root + "TableauInfo";
    }

    /// <summary>The single-lane right-hand side (generic in T).</summary>
    public static class IOdeSystem
    {
        public const string FullName = Namespace + ".IOdeSystem";
        public const string Global = Root + "IOdeSystem";
        public const string StateSize = "StateSize";
        public const string Evaluate = "Evaluate";
    }

    /// <summary>The state-by-value right-hand side (generic in T and the state).</summary>
    public static class ISmallOdeSystem
    {
        public const string FullName = Namespace + ".ISmallOdeSystem";
        public const string Global = Root + "ISmallOdeSystem";
    }

    /// <summary><c>[SmallOdeSystem]</c>: a span system whose state form the generator writes.</summary>
    public static class SmallOdeSystemAttribute
    {
        public const string FullName = Namespace + ".SmallOdeSystemAttribute";
    }

    /// <summary>The built-in state of two components (generic in T).</summary>
    public static class State2
    {
        public const string FullName = Namespace + ".State2";
        public const string Global = Root + "State2";
    }

    /// <summary>The built-in state of three components (generic in T).</summary>
    public static class State3
    {
        public const string FullName = Namespace + ".State3";
        public const string Global = Root + "State3";
    }

    /// <summary>The built-in state of four components (generic in T).</summary>
    public static class State4
    {
        public const string FullName = Namespace + ".State4";
        public const string Global = Root + "State4";
    }

    /// <summary>The work a solve did.</summary>
    public static class SolverStats
    {
        public const string FullName = Namespace + ".SolverStats";
        public const string Global = Root + "SolverStats";
    }

    /// <summary>A solve's settings.</summary>
    public static class SolverOptions
    {
        public const string FullName = Namespace + ".SolverOptions";
        public const string Global = Root + "SolverOptions";
    }

    /// <summary>The registered state form of a <c>[SmallOdeSystem]</c> struct (generic in the system and T).</summary>
    public static class SmallSystemForm
    {
        public const string FullName = GeneratedNamespace + ".SmallSystemForm";
        public const string Global = GeneratedRoot + "SmallSystemForm";
        public const string Register = "Register";
        public const string SolveInto = "SolveInto";
        public const string SolveState = "SolveState";
    }

    /// <summary>The contracted state form of a <c>[SmallOdeSystem]</c> struct (generic in T and the state).</summary>
    public static class IContractedSmallOdeSystem
    {
        public const string FullName = GeneratedNamespace + ".IContractedSmallOdeSystem";
        public const string Global = GeneratedRoot + "IContractedSmallOdeSystem";
        public const string EvaluateContracted = "EvaluateContracted";
    }

    /// <summary>The registered contracted state form of a <c>[SmallOdeSystem]</c> struct, for explicit state solves (generic in the system, T and the state).</summary>
    public static class ContractedStateForm
    {
        public const string FullName = GeneratedNamespace + ".ContractedStateForm";
        public const string Global = GeneratedRoot + "ContractedStateForm";
        public const string Register = "Register";
        public const string SolveInto = "SolveInto";
        public const string SolveContracted = "SolveContracted";
    }

    /// <summary>The fused multiply-adds a contracted right-hand side calls: a·b + c in source order a, b, c or c, a, b.</summary>
    public static class Contraction
    {
        public const string FullName = GeneratedNamespace + ".Contraction";
        public const string Global = GeneratedRoot + "Contraction";
        public const string MultiplyAdd = "MultiplyAdd";
        public const string AddProduct = "AddProduct";
    }

    /// <summary>A state held by value with its own arithmetic (generic in the state and T).</summary>
    public static class IStateVector
    {
        public const string FullName = Namespace + ".IStateVector";
        public const string Global = Root + "IStateVector";
    }

    /// <summary>The batched right-hand side (generic in T).</summary>
    public static class IBatchedOdeSystem
    {
        public const string FullName = Namespace + ".IBatchedOdeSystem";
        public const string Global = Root + "IBatchedOdeSystem";
    }

    /// <summary>The single-lane differentiable system (generic in T), reversed by a tableau's <c>ReverseStepLane</c>.</summary>
    public static class IDifferentiableSystem
    {
        public const string FullName = Namespace + ".IDifferentiableSystem";
        public const string Global = Root + "IDifferentiableSystem";
    }

    /// <summary>The batched differentiable right-hand side a <c>[Dynamics]</c> class implements (generic in T).</summary>
    public static class IBatchedDifferentiableSystem
    {
        public const string FullName = Namespace + ".IBatchedDifferentiableSystem";
        public const string Global = Root + "IBatchedDifferentiableSystem";
    }

    /// <summary>What a <c>[Dynamics(Divergence = true)]</c> class implements besides (generic in T).</summary>
    public static class IDivergenceSystem
    {
        public const string FullName = Namespace + ".IDivergenceSystem";
        public const string Global = Root + "IDivergenceSystem";
        public const string EvaluateWithDivergenceBatch = "EvaluateWithDivergenceBatch";
        public const string DivergenceVjpBatch = "DivergenceVjpBatch";
        public const string EvaluateWithDivergenceAndVjpBatch = "EvaluateWithDivergenceAndVjpBatch";
        public const string EvaluateWithJvpBatch = "EvaluateWithJvpBatch";
        public const string JvpVjpBatch = "JvpVjpBatch";
    }

    /// <summary>What a <c>[Network]</c> class implements (generic in T); <c>Layers</c> is implemented explicitly.</summary>
    public static class INetwork
    {
        public const string FullName = Namespace + ".INetwork";
        public const string Global = Root + "INetwork";
        public const string Layers = "Layers";
    }

    /// <summary>One row of a generated <c>Layers</c> table, built positionally from a <c>LayerSpec</c>.</summary>
    public static class DynamicsLayer
    {
        public const string FullName = Namespace + ".DynamicsLayer";
        public const string Global = Root + "DynamicsLayer";
        public const string InputShape = "InputShape";
        public const string OutputShape = "OutputShape";
        public const string Kernel = "Kernel";
        public const string Stride = "Stride";
        public const string Padding = "Padding";
        public const string Groups = "Groups";
    }

    /// <summary>The kind of a <see cref="DynamicsLayer"/>; <c>LayerSpec.IsDense</c> picks the member.</summary>
    public static class DynamicsLayerKind
    {
        public const string FullName = Namespace + ".DynamicsLayerKind";
        public const string Global = Root + "DynamicsLayerKind";
        public const string Dense = "Dense";
        public const string Pointwise = "Pointwise";
        public const string Gru = "Gru";
        public const string Rnn = "Rnn";
        public const string Conv2d = "Conv2d";
        public const string GroupNorm = "GroupNorm";
        public const string AvgPool2d = "AvgPool2d";
        public const string GlobalAvgPool2d = "GlobalAvgPool2d";
    }

    /// <summary>The activations; the generator's <c>ActivationKind</c> mirrors it member by member.</summary>
    public static class Activation
    {
        public const string FullName = Namespace + ".Activation";
        public const string Global = Root + "Activation";
    }

    /// <summary>One row of a generated <c>ResidualBlocks</c> table.</summary>
    public static class ResidualBlock
    {
        public const string FullName = Namespace + ".ResidualBlock";
        public const string Global = Root + "ResidualBlock";
    }

    /// <summary>The buffers of a batched step (generic in T).</summary>
    public static class RungeKuttaStep
    {
        public const string FullName = GeneratedNamespace + ".RungeKuttaStep";
        public const string Global = GeneratedRoot + "RungeKuttaStep";
    }

    /// <summary>The buffers of a batched reverse step (generic in T).</summary>
    public static class RungeKuttaReverse
    {
        public const string FullName = GeneratedNamespace + ".RungeKuttaReverse";
        public const string Global = GeneratedRoot + "RungeKuttaReverse";
    }

    /// <summary>The buffers of a single-lane step (generic in T).</summary>
    public static class RungeKuttaLaneStep
    {
        public const string FullName = GeneratedNamespace + ".RungeKuttaLaneStep";
        public const string Global = GeneratedRoot + "RungeKuttaLaneStep";
    }

    /// <summary>The settings of a state step (generic in T).</summary>
    public static class StateStepSettings
    {
        public const string FullName = GeneratedNamespace + ".StateStepSettings";
        public const string Global = GeneratedRoot + "StateStepSettings";
    }

    /// <summary>The arithmetic of a state step as a type (plain or fused), so that the JIT keeps one body per loop.</summary>
    public static class IStateArithmetic
    {
        public const string FullName = GeneratedNamespace + ".IStateArithmetic";
        public const string Global = GeneratedRoot + "IStateArithmetic";
    }

    /// <summary>The random stream of the seeded constructors (PyTorch's <c>nn.Linear</c> initialisation).</summary>
    public static class SplitMix64
    {
        public const string FullName = GeneratedNamespace + ".SplitMix64";
        public const string Global = GeneratedRoot + "SplitMix64";
        public const string FillUniform = "FillUniform";
    }

    /// <summary>What a <c>[Dynamics]</c> class implements for the CUDA backend; <c>CudaDeviceCode</c> explicitly.</summary>
    public static class ICudaDynamics
    {
        public const string FullName = GeneratedNamespace + ".ICudaDynamics";
        public const string Global = GeneratedRoot + "ICudaDynamics";
        public const string CudaDeviceCode = "CudaDeviceCode";
    }

    /// <summary>What a <c>[Dynamics]</c> class with layers the CUDA emitter lacks implements instead; <c>CudaRefusal</c> explicitly.</summary>
    public static class ICudaRefusal
    {
        public const string FullName = GeneratedNamespace + ".ICudaRefusal";
        public const string Global = GeneratedRoot + "ICudaRefusal";
        public const string CudaRefusal = "CudaRefusal";
    }
}
