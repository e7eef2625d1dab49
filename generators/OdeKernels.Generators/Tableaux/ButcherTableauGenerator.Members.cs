using OdeKernels.Generators.Common;

namespace OdeKernels.Generators.Tableaux;

public sealed partial class ButcherTableauGenerator
{
    /// <summary>
    /// What <see cref="Emitter"/> emits into a tableau (the <c>IRungeKuttaTableau</c> members, the single-lane forward and reverse steps, the state step, the CUDA
    /// step's source and the private stage combinations) and the keywords it writes, which a user's names must leave alone.
    /// </summary>
    internal static readonly DeclarationRules Rules = new(
        "ButcherTableau",
        AttributeName,
        IsStruct: true,
        new GeneratedMembers()
            .Property("Info", "the static property 'Info'")
            .GenericMethod("Step", 2, "Step<T, TSystem>(ref TSystem, scoped ref readonly RungeKuttaStep<T>)", "*", "*")
            .GenericMethod("ReverseStep", 2, "ReverseStep<T, TSystem>(ref TSystem, scoped ref readonly RungeKuttaStep<T>, scoped ref readonly RungeKuttaReverse<T>)", "*", "*", "*")
            .Property("HasLaneStep", "the static property 'HasLaneStep'")
            .GenericMethod("StepLane", 2, "StepLane<T, TSystem>(ref TSystem, scoped ref readonly RungeKuttaLaneStep<T>)", "*", "*")
            .GenericMethod("ReverseStepLane", 2, "ReverseStepLane<T, TSystem>(ref TSystem, scoped ref readonly RungeKuttaLaneStep<T>, scoped ref readonly RungeKuttaReverse<T>)", "*", "*", "*")
            .Property("HasStateStep", "the static property 'HasStateStep'")
            .GenericMethod("StepState", 4, "StepState<T, TState, TSystem, TArithmetic>(ref TSystem, T, T, in TState, in TState, in StateStepSettings<T>, scoped Span<TState>, out TState, out T)", "*", "*", "*", "*", "*", "*", "*", "*", "*")
            .Property("CudaStepSource", "the static property 'CudaStepSource'")
            .Name("StepStatePlain", "the private state step 'StepStatePlain'")
            .Name("StepStateFused", "the private state step 'StepStateFused'")
            .Name("StepStatePlainByValue", "the private state step 'StepStatePlainByValue'")
            .Name("StepStateFusedByValue", "the private state step 'StepStateFusedByValue'")
            .Name("s_tableauInfo", "the private field 's_tableauInfo'")
            .Numbered("Stage", "the private stage combination")
            .Name("Solution", "the private combination 'Solution'")
            .Name("SolutionAndError", "the private combination 'SolutionAndError'")
            .Name("Error", "the private combination 'Error'")
            .Name("SolutionAndErrorMaximum", "the private combination 'SolutionAndErrorMaximum'")
            .Name("ErrorMaximum", "the private combination 'ErrorMaximum'"),
        Keywords: new[] { "var", "nuint", "unmanaged" },
        ExclusiveWith: null);
}
