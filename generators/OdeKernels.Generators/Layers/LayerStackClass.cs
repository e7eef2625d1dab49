namespace OdeKernels.Generators.Layers;

/// <summary>What a generator says of its layer-stack class for <see cref="LayerStackEmitter.EmitClass"/>.</summary>
/// <param name="Interface">The generic interface the class implements, without its type argument (the element type).</param>
/// <param name="ThreadSafeMembers">The members the thread-safety remarks name, as XML doc text.</param>
/// <param name="ParametersSummary">The summary of the parameter field: their layout.</param>
/// <param name="TileSummary">The summary of the scratch tile: its rows.</param>
/// <param name="TileRows">The rows of one scratch tile.</param>
/// <param name="FanInNote">What follows "fan_in" in the seeded constructor's summary.</param>
internal sealed record LayerStackClass(string Interface, string ThreadSafeMembers, string ParametersSummary, string TileSummary, int TileRows, string FanInNote);
