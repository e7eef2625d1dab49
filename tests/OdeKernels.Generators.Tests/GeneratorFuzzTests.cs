using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Xunit.Abstractions;

namespace OdeKernels.Generators.Tests;

/// <summary>
/// Random declarations through all three generators (<see cref="FuzzDeclarations"/>), each judged by
/// <see cref="FuzzOracle"/>: no generator exception, and either an ODEK error on the declaration or generated code and
/// use sites that compile without errors or warnings. A CI run takes <see cref="DefaultCount"/> units from a fixed
/// seed; <c>ODEK_FUZZ_COUNT</c> asks for more, <c>ODEK_FUZZ_SEED</c> for another seed, and <c>ODEK_FUZZ_REPORT</c>
/// names a file to write every failing unit to.
/// </summary>
public sealed class GeneratorFuzzTests
{
    private const int DefaultCount = 300;
    private const int DefaultSeed = 20250110;

    private readonly ITestOutputHelper _output;

    public GeneratorFuzzTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void EveryDeclarationIsDiagnosedOrCompilesCleanly()
    {
        int count = FromEnvironment("ODEK_FUZZ_COUNT", DefaultCount);
        int seed = FromEnvironment("ODEK_FUZZ_SEED", DefaultSeed);
        var declarations = new FuzzDeclarations(seed);
        FuzzUnit[] units = Enumerable.Range(0, count).Select(declarations.Next).ToArray();
        var verdicts = new (string? Problem, bool Diagnosed)[count];
        var clock = Stopwatch.StartNew();

        // Units are independent compilations: judging them in parallel uses whatever cores the machine has.
        Parallel.For(0, count, i => verdicts[i] = FuzzOracle.Judge(units[i]));
        List<string> failures = Enumerable.Range(0, count)
            .Where(i => verdicts[i].Problem is not null)
            .Select(i => $"Unit {i} (seed {seed}):{Environment.NewLine}{verdicts[i].Problem}{Environment.NewLine}{units[i].Source}")
            .ToList();

        if (Environment.GetEnvironmentVariable("ODEK_FUZZ_REPORT") is { Length: > 0 } report)
        {
            System.IO.File.WriteAllText(report, string.Join(Environment.NewLine + "----" + Environment.NewLine, failures));
        }

        int diagnosed = verdicts.Count(v => v.Diagnosed);
        _output.WriteLine($"{count} units from seed {seed} in {clock.Elapsed.TotalSeconds:F1} s: {diagnosed} with an ODEK error, {count - diagnosed} without; {failures.Count} broke the rule.");
        Assert.True(
            failures.Count == 0,
            $"{failures.Count} of {count} declarations broke the rule; the first ones:{Environment.NewLine}{string.Join(Environment.NewLine, failures.Take(10))}");
    }

    private static int FromEnvironment(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : fallback;
}
