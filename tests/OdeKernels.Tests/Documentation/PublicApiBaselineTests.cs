using System.Collections.Generic;
using System;
using System.ComponentModel;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Xml.Linq;
using OdeKernels.Generators.Tests;
using OdeKernels.Terminal;

namespace OdeKernels.Tests.Documentation;

/// <summary>
/// The public surface of the runtime assemblies, checked in, so that every change to it is a deliberate edit that a
/// review sees: <c>Documentation/PublicApi.verified.txt</c> lists every public and protected type and member of
/// <c>OdeKernels</c> (with the built-in tableaux of <c>kernels/</c>, which it compiles in) and
/// <c>OdeKernels.Terminal</c>, as <see cref="PublicApiWriter"/> writes them. On a mismatch the test writes
/// <c>PublicApi.received.txt</c> beside the baseline and fails with the first differing line.
/// </summary>
/// <remarks>
/// To accept a deliberate change, regenerate the baseline (the same switch as the generator snapshots; ignored where
/// CI=true) and review the diff of the .verified.txt file:
/// <code>ODEKERNELS_ACCEPT_SNAPSHOTS=1 dotnet test tests/OdeKernels.Tests -c Release --filter FullyQualifiedName~PublicApiBaselineTests</code>
/// </remarks>
public sealed class PublicApiBaselineTests
{
    private const string GeneratedNamespace = "OdeKernels.Generated";
    private const string Infrastructure = "Infrastructure for generated code; not for direct use.";

    [Fact]
    public void PublicApi_MatchesTheBaseline()
    {
        string api = PublicApiWriter.Write(typeof(Ode).Assembly, typeof(ConsoleProgram).Assembly);

        Snapshot.MatchFile(api, Path.Combine(Snapshot.ProjectDirectory(), "Documentation", "PublicApi.verified.txt"));
    }

    [Fact]
    public void Writer_ShowsKindsModifiersAndHiddenMembers()
    {
        string api = PublicApiWriter.Write(typeof(Ode).Assembly);

        Assert.Contains("\n  public static class Ode\n", api, StringComparison.Ordinal);
        Assert.Contains("\n  public readonly record struct SolverStats : IEquatable<SolverStats>\n", api, StringComparison.Ordinal);
        Assert.Contains("\n  [EditorBrowsable(Never)] public ref struct RungeKuttaStep<T> where T : unmanaged, IFloatingPointIeee754<T>\n", api, StringComparison.Ordinal);
        Assert.Contains("\n    [EditorBrowsable(Never)] public TableauInfo(string name, int order, int embeddedOrder, bool isFsal, double[] c, double[] a, double[] b, double[]? bHat)\n", api, StringComparison.Ordinal);
        Assert.Contains("\n    public IReadOnlyList<double>? BHat { get; }\n", api, StringComparison.Ordinal);
        Assert.Contains("static abstract void Step<T, TSystem>(ref TSystem system, scoped ref readonly RungeKuttaStep<T> step) where T : unmanaged, IFloatingPointIeee754<T> where TSystem : struct, IBatchedOdeSystem<T>", api, StringComparison.Ordinal);
    }

    [Fact]
    public void GeneratedNamespace_IsHiddenAndSaysSo()
    {
        // What only generated code needs lives in OdeKernels.Generated, out of the way of a user who types "OdeKernels.":
        // hidden from IntelliSense, and its documentation says not to use it.
        Assembly runtime = typeof(Ode).Assembly;
        var summaries = XDocument.Load(Path.ChangeExtension(runtime.Location, ".xml")).Descendants("member")
            .ToDictionary(m => (string)m.Attribute("name")!, m => m.Element("summary")?.Value ?? "");
        Type[] generated = runtime.GetExportedTypes().Where(t => t.Namespace == GeneratedNamespace).ToArray();
        Assert.Contains(typeof(RungeKuttaStep<>), generated);
        foreach (Type type in generated)
        {
            Assert.True(type.GetCustomAttribute<EditorBrowsableAttribute>()?.State == EditorBrowsableState.Never, $"{type} is not hidden");
            Assert.Contains(Infrastructure, Flatten(summaries["T:" + type.FullName]), StringComparison.Ordinal);
        }

        // Every constructor (the plain one and the one with dense-output coefficients) is generated code's alone.
        ConstructorInfo[] constructors = typeof(TableauInfo).GetConstructors();
        Assert.NotEmpty(constructors);
        foreach (ConstructorInfo info in constructors)
        {
            Assert.Equal(EditorBrowsableState.Never, info.GetCustomAttribute<EditorBrowsableAttribute>()?.State);
        }

        var documented = summaries.Where(s => s.Key.StartsWith("M:OdeKernels.TableauInfo.#ctor", StringComparison.Ordinal)).ToArray();
        Assert.Equal(constructors.Length, documented.Length);
        foreach (KeyValuePair<string, string> summary in documented)
        {
            Assert.Contains(Infrastructure, Flatten(summary.Value), StringComparison.Ordinal);
        }
    }

    /// <summary>XML documentation text with its line breaks and indentation folded into single spaces.</summary>
    private static string Flatten(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
