using OdeKernels.Generators.Common;
using OdeKernels.Generators.Layers;
using static OdeKernels.Generators.Layers.LayerStackMembers;

namespace OdeKernels.Generators.Dynamics;

public sealed partial class DynamicsGenerator
{
    /// <summary>
    /// What <see cref="Emitter"/> and <see cref="CudaEmitter"/> emit into a <c>[Dynamics]</c> class (the
    /// <c>IBatchedDifferentiableSystem&lt;T&gt;</c> surface, the CUDA source, the drivers, kernels and checks) and the
    /// keywords they write, which a user's names must leave alone.
    /// </summary>
    internal static readonly DeclarationRules Rules = LayerStackMembers.Rules(
        "Dynamics",
        AttributeName,
        Networks.NetworkGenerator.AttributeName,
        static members => members
            .Property("StateSize", "the property 'StateSize'")
            .Method("Evaluate", 0, "T", ReadOnlySpan, Span)
            .Method("Vjp", 0, "T", ReadOnlySpan, ReadOnlySpan, Span, Span)
            .Method("EvaluateBatch", 0, ReadOnlySpan, ReadOnlySpan, Span, "int", "int")
            .Method("VjpBatch", 0, ReadOnlySpan, ReadOnlySpan, ReadOnlySpan, Span, Span, "int", "int")
            .Method("EvaluateAndVjpBatch", 0, ReadOnlySpan, ReadOnlySpan, ReadOnlySpan, Span, Span, Span, "int", "int")
            .Name("CudaDeviceCode", "the constant 'CudaDeviceCode'")
            .Explicit(RuntimeContract.ICudaDynamics.FullName, RuntimeContract.ICudaDynamics.CudaDeviceCode)
            .Explicit(RuntimeContract.ICudaRefusal.FullName, RuntimeContract.ICudaRefusal.CudaRefusal)
            .Name("CheckBatch", "the private helper 'CheckBatch'")
            .Name("CheckLanes", "the private helper 'CheckLanes'")
            .Name("LoadTile", "the private helper 'LoadTile'")
            .Name("StoreTile", "the private helper 'StoreTile'")
            .Name("AddTile", "the private helper 'AddTile'")
            .Numbered("Evaluate", "the private driver")
            .Numbered("Vjp", "the private driver")
            .Numbered("Forward", "the private kernel")
            .Numbered("ForwardOnly", "the private kernel")
            .Numbered("Backward", "the private kernel")

            // Divergence = true (IDivergenceSystem<T>): the rules are the generator's, not the declaration's, so these
            // are reserved on every [Dynamics] class, opted in or not.
            .Method("Divergence", 0, "T", ReadOnlySpan)
            .Method(RuntimeContract.IDivergenceSystem.EvaluateWithDivergenceBatch, 0, ReadOnlySpan, ReadOnlySpan, Span, Span, "int", "int")
            .Method(RuntimeContract.IDivergenceSystem.DivergenceVjpBatch, 0, ReadOnlySpan, ReadOnlySpan, ReadOnlySpan, ReadOnlySpan, Span, Span, "int", "int")
            .Method(RuntimeContract.IDivergenceSystem.EvaluateWithDivergenceAndVjpBatch, 0, ReadOnlySpan, ReadOnlySpan, ReadOnlySpan, ReadOnlySpan, Span, Span, Span, Span, "int", "int")
            .Method(RuntimeContract.IDivergenceSystem.EvaluateWithJvpBatch, 0, ReadOnlySpan, ReadOnlySpan, ReadOnlySpan, Span, Span, "int", "int", "int")
            .Method(RuntimeContract.IDivergenceSystem.JvpVjpBatch, 0, ReadOnlySpan, ReadOnlySpan, ReadOnlySpan, ReadOnlySpan, ReadOnlySpan, Span, Span, "int", "int", "int")
            .Name("CheckPerLane", "the private helper 'CheckPerLane'")
            .Name("CheckDirections", "the private helper 'CheckDirections'")
            .Numbered("EvaluateWithDivergence", "the private driver")
            .Numbered("DivergenceVjp", "the private driver")
            .Numbered("EvaluateWithJvp", "the private driver")
            .Numbered("JvpVjp", "the private driver")
            .Numbered("Tangent", "the private kernel")
            .Numbered("TangentBackward", "the private kernel"));
}
