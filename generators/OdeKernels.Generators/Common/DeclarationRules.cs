namespace OdeKernels.Generators.Common;

/// <summary>What one generator needs of the declaration it completes, for <see cref="DeclarationChecks"/>.</summary>
/// <param name="AttributeName">The attribute as users write it, e.g. <c>Dynamics</c>.</param>
/// <param name="AttributeMetadataName">The attribute's metadata name, e.g. <c>OdeKernels.DynamicsAttribute</c>.</param>
/// <param name="IsStruct">Whether the type must be a struct (a tableau) rather than a class.</param>
/// <param name="Members">What the generator emits into the type.</param>
/// <param name="Keywords">
/// Contextual keywords the generated code uses as keywords (<c>var</c>, <c>nuint</c>, <c>nameof</c>, ...): a type (or,
/// for <c>nameof</c>, any member) of that name in scope would change what they mean.
/// </param>
/// <param name="ExclusiveWith">The metadata name of an attribute whose generator emits the same members, or null.</param>
internal sealed record DeclarationRules(
    string AttributeName,
    string AttributeMetadataName,
    bool IsStruct,
    GeneratedMembers Members,
    string[] Keywords,
    string? ExclusiveWith)
{
    /// <summary>The namespaces the generated code names from the global one (<c>global::System</c>, <c>global::OdeKernels</c>).</summary>
    public static readonly string[] GlobalRoots = { "System", RuntimeContract.Namespace };
}
