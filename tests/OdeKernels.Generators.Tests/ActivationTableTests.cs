using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using OdeKernels.Generators.Activations;
using OdeKernels.Generators.Common;
using OdeKernels.Generators.Dynamics;
using OdeKernels.Generators.Layers;

namespace OdeKernels.Generators.Tests;

/// <summary>
/// The activation table (<see cref="ActivationTable"/>) against the runtime's <see cref="Activation"/> enum, and its two
/// printers over every entry: a new activation needs an entry, and an entry that a printer cannot render, or whose C#
/// does not compile, fails here rather than in the first network that uses it.
/// </summary>
public sealed class ActivationTableTests
{
    public static TheoryData<Activation> RuntimeActivations() => new(Enum.GetValues<Activation>());

    [Theory]
    [MemberData(nameof(RuntimeActivations))]
    public void EveryRuntimeActivation_HasExactlyOneEntry(Activation activation)
    {
        ActivationFormula formula = Assert.Single(ActivationTable.All, f => (int)f.Kind == (int)activation);

        Assert.Equal(activation.ToString(), formula.Kind.ToString());
    }

    [Fact]
    public void TheTable_HasNoEntryBeyondTheRuntimeEnum()
    {
        Assert.Equal(Enum.GetValues<Activation>().Length, ActivationTable.Count);
        Assert.Equal(Enumerable.Range(0, ActivationTable.Count), ActivationTable.All.Select(f => (int)f.Kind));
    }

    [Fact]
    public void TheValuePastTheTable_IsAnUnknownActivation()
    {
        int past = Enum.GetValues<Activation>().Max(a => (int)a) + 1;
        string declaration = $"using OdeKernels;\n\nnamespace Sample;\n\n[Dynamics(StateSize = 2)]\n[Dense(8, (Activation){past})]\n[Dense(2)]\npublic partial class Net\n{{\n}}\n";
        string last = declaration.Replace($"(Activation){past}", $"(Activation){past - 1}", StringComparison.Ordinal);

        Assert.Equal("ODEK107", GeneratorOnlyRun.Of<DynamicsGenerator>(declaration).Single("ODEK107").Id);
        Assert.Empty(GeneratorOnlyRun.Of<DynamicsGenerator>(last).GeneratorDiagnostics);
    }

    [Theory]
    [InlineData("float", 128)]
    [InlineData("float", 256)]
    [InlineData("float", 512)]
    [InlineData("double", 128)]
    [InlineData("double", 256)]
    [InlineData("double", 512)]
    public void CSharpPrinter_RendersEveryEntry_AsCodeThatCompiles(string element, int bits)
    {
        var w = new SourceWriter();
        w.Line("namespace Sample;");
        w.Line();
        w.Open("internal static class Probe");
        CSharpActivationPrinter.Emit(w, ActivationTable.All, element, bits, second: true);
        w.Close();
        string text = w.ToString();

        foreach (ActivationFormula formula in ActivationTable.All)
        {
            Assert.Contains($" {CSharpActivationPrinter.ForwardName(formula.Kind)}(", text, StringComparison.Ordinal);
            Assert.Contains($" {CSharpActivationPrinter.BackwardName(formula.Kind)}(", text, StringComparison.Ordinal);
            Assert.Contains($" {CSharpActivationPrinter.SecondName(formula.Kind)}(", text, StringComparison.Ordinal);
        }

        Diagnostic[] problems = GeneratorHarness.CreateCompilation(text).GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToArray();
        Assert.True(problems.Length == 0, "The rendered activations do not compile:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => p.ToString())));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CudaPrinter_RendersEveryEntry(bool isDouble)
    {
        var w = new SourceWriter();
        CudaActivationPrinter.Emit(w, ActivationTable.All, isDouble);
        string text = w.ToString();

        foreach (ActivationFormula formula in ActivationTable.All)
        {
            string kept = formula.KeepsExponential ? ", ode_t* kept" : string.Empty;
            Assert.Contains($"ode_t {CudaActivationPrinter.ForwardName(formula.Kind)}(ode_t x{kept})", text, StringComparison.Ordinal);
            Assert.Contains($"ode_t {CudaActivationPrinter.BackwardName(formula.Kind)}(ode_t g, ode_t {formula.BackwardInput})", text, StringComparison.Ordinal);
        }

        Assert.Equal(text.Count(c => c == '{'), text.Count(c => c == '}'));
        Assert.Equal(text.Count(c => c == '('), text.Count(c => c == ')'));
        Assert.Equal(2 * ActivationTable.Count, text.Split('\n').Count(line => line.TrimStart().StartsWith("return ", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CudaPrinter_RendersEverySecondDerivative(bool isDouble)
    {
        var w = new SourceWriter();
        CudaActivationPrinter.Emit(w, ActivationTable.All, isDouble, second: true);
        string text = w.ToString();

        foreach (ActivationFormula formula in ActivationTable.All)
        {
            string inputs = string.Concat(formula.SecondInputs.Select(input => ", ode_t " + input));
            Assert.Contains($"ode_t {CudaActivationPrinter.SecondName(formula.Kind)}(ode_t g{inputs})", text, StringComparison.Ordinal);
        }

        Assert.Equal(text.Count(c => c == '{'), text.Count(c => c == '}'));
        Assert.Equal(text.Count(c => c == '('), text.Count(c => c == ')'));
        Assert.Equal(3 * ActivationTable.Count, text.Split('\n').Count(line => line.TrimStart().StartsWith("return ", StringComparison.Ordinal)));
    }

    [Fact]
    public void EveryEntry_HasASecondDerivative_OfItsOwn()
    {
        // Identity and ReLU have X'' = 0; every other activation's second derivative reads something besides g.
        foreach (ActivationFormula formula in ActivationTable.All)
        {
            Assert.NotNull(formula.Second);
            Assert.NotEmpty(formula.Second.Statements);
            bool zero = formula.Second.Statements is [Return { Value: ActivationExpression.Constant { Value: 0 } }];
            Assert.Equal(formula.Kind is ActivationKind.Identity or ActivationKind.Relu, zero);
        }
    }

    [Fact]
    public void EveryBody_DeclaresItsTemporariesBeforeUse_AndEndsInAReturn()
    {
        foreach (ActivationFormula formula in ActivationTable.All)
        {
            foreach ((string what, ActivationBody body, string[] inputs) in new[]
            {
                ("float forward", formula.FloatForward, new[] { "x" }),
                ("double forward", formula.DoubleForward, new[] { "x" }),
                ("backward", formula.Backward, new[] { "g", formula.BackwardInput }),
                ("second", formula.Second, new[] { "g" }.Concat(formula.SecondInputs).ToArray()),
            })
            {
                var known = new HashSet<string>(inputs, StringComparer.Ordinal);
                foreach (ActivationStatement statement in body.Statements)
                {
                    foreach (ActivationExpression.Variable variable in statement.Value.Nodes().OfType<ActivationExpression.Variable>())
                    {
                        Assert.True(known.Contains(variable.Name), $"{formula.Kind} {what} reads '{variable.Name}' before setting it.");
                    }

                    switch (statement)
                    {
                        case Let let:
                            Assert.True(known.Add(let.Name), $"{formula.Kind} {what} declares '{let.Name}' twice.");
                            break;
                        case Assign assign:
                            Assert.Contains(assign.Name, known);
                            break;
                        case KeepExponential:
                            known.Add(ActivationExpression.KeptName);
                            break;
                        case KeepExponentialMinusOne m:
                            Assert.True(what == "float forward", $"{formula.Kind} {what} uses the float-only FastExpm1.");
                            known.Add(m.Name);
                            known.Add(ActivationExpression.KeptName);
                            break;
                    }
                }

                Assert.IsType<Return>(body.Statements[^1]);
                Assert.Equal(1, body.Statements.Count(s => s is Return));
            }
        }
    }

    [Fact]
    public void TanhAndSigmoid_KeepTheirExponential_AndNothingElseDoes()
    {
        ActivationKind[] keeping = ActivationTable.All.Where(f => f.KeepsExponential).Select(f => f.Kind).ToArray();

        Assert.Equal(new[] { ActivationKind.Tanh, ActivationKind.Sigmoid }, keeping);
    }
}
