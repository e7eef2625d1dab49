using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Xml.Linq;

namespace OdeKernels.Tests.Documentation;

/// <summary>
/// Every public type of the runtime says in its XML documentation whether it may be shared between threads
/// (a <c>Thread safety:</c> remark), so a user never has to guess. Enums are values and need no such remark; the
/// built-in tableaux are generated stateless structs, covered by <see cref="IRungeKuttaTableau"/>'s remark.
/// </summary>
public sealed class ThreadSafetyDocumentationTests
{
    [Fact]
    public void EveryPublicTypeDocumentsItsThreadSafety()
    {
        Assembly runtime = typeof(Ode).Assembly;
        string xmlPath = Path.ChangeExtension(runtime.Location, ".xml");
        Assert.True(File.Exists(xmlPath), $"the runtime's documentation file {xmlPath} is missing");
        var remarks = XDocument.Load(xmlPath).Descendants("member")
            .Where(m => ((string?)m.Attribute("name"))?.StartsWith("T:", StringComparison.Ordinal) == true)
            .ToDictionary(m => ((string)m.Attribute("name")!)[2..], m => m.Element("remarks")?.Value ?? "");

        string[] documented = runtime.GetExportedTypes()
            .Where(t => !t.IsEnum && t.GetCustomAttribute<ButcherTableauAttribute>() is null)
            .Select(t => t.FullName!.Replace('+', '.'))
            .ToArray();
        Assert.True(documented.Length > 60, $"only {documented.Length} public types were found");
        Assert.Contains("OdeKernels.Solution`1", documented);
        string[] missing = documented
            .Where(name => !remarks.TryGetValue(name, out string? text) || !text.Contains("Thread safety:", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.True(missing.Length == 0, "public types without a 'Thread safety:' remark:\n  " + string.Join("\n  ", missing));
    }
}
