using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace OdeKernels.Generators.Common;

/// <summary>A source location held as plain values, so diagnostics can travel through the pipeline without syntax trees.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public static LocationInfo? From(Location? location) =>
        location is null || !location.IsInSource ? null : new LocationInfo(location.SourceTree!.FilePath, location.SourceSpan, location.GetLineSpan().Span);

    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);
}
