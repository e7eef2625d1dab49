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

/// <summary>A value produced by a pipeline step together with the diagnostics found while producing it.</summary>
internal sealed record Result<TValue>(TValue Value, EquatableArray<DiagnosticInfo> Diagnostics);
