using System;
using Microsoft.CodeAnalysis;

namespace OdeKernels.Generators.Common;

/// <summary>A diagnostic as data: descriptor, location and message arguments, equatable for the incremental cache.</summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location? location, params string[] arguments) =>
        new(descriptor, LocationInfo.From(location), new EquatableArray<string>(arguments));

    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(Descriptor, Location?.ToLocation(), Arguments.ToArray() is object[] args ? args : Array.Empty<object>());
}

/// <summary>
/// What a parser made of one declaration: <see cref="Spec"/> when every check passed; otherwise, when the failed
/// checks leave the type itself well-formed, <see cref="Stub"/>, its public surface; and the diagnostics found.
/// </summary>
internal sealed record Result<TSpec>(TSpec? Spec, StubSpec? Stub, EquatableArray<DiagnosticInfo> Diagnostics)
    where TSpec : class
{
    /// <summary>Nothing to emit, only diagnostics.</summary>
    public static Result<TSpec> Nothing(EquatableArray<DiagnosticInfo> diagnostics) => new(null, null, diagnostics);
}
