using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using OdeKernels.Generators.Common;
using OdeKernels.Generators.Dynamics;
using OdeKernels.Generators.Layers;
using OdeKernels.Generators.Networks;
using OdeKernels.Generators.SmallSystems;
using OdeKernels.Generators.Tableaux;

namespace OdeKernels.Generators.Tests;

/// <summary>
/// The models every generator carries between its pipeline steps (the parse result with its spec, stub and
/// diagnostics) hold no compilation objects: a symbol, syntax node, location or compilation inside would compare by
/// reference, so equal declarations would look changed and every edit would regenerate every file.
/// </summary>
public sealed class IncrementalModelTests
{
    /// <summary>What each generator's parse step yields; everything its later steps carry is reachable from these.</summary>
    private static readonly Type[] PipelineModels = { typeof(Result<DynamicsSpec>), typeof(Result<NetworkSpec>), typeof(Result<TableauSpec>), typeof(Result<SmallSystemSpec>) };

    public static TheoryData<Type> Models() => new(PipelineModels);

    [Theory]
    [MemberData(nameof(Models))]
    public void PipelineModel_HoldsNoCompilationObjects(Type model)
    {
        IReadOnlyList<string> problems = ModelWalk.ForbiddenMembers(model, out ISet<Type> visited);

        Assert.True(problems.Count == 0, $"{model} holds compilation objects, which defeat the incremental cache:" + Environment.NewLine + string.Join(Environment.NewLine, problems));
        Assert.Contains(typeof(StubSpec), visited);
        Assert.Contains(typeof(DiagnosticInfo), visited);
        Assert.Contains(typeof(LocationInfo), visited);
    }

    [Fact]
    public void TheWalk_ReachesTheLayerModels()
    {
        ModelWalk.ForbiddenMembers(typeof(Result<DynamicsSpec>), out ISet<Type> dynamics);
        ModelWalk.ForbiddenMembers(typeof(Result<NetworkSpec>), out ISet<Type> network);

        Assert.Contains(typeof(LayerSpec), dynamics);
        Assert.Contains(typeof(LayerStackSpec), dynamics);
        Assert.Contains(typeof(ResidualBlockSpec), network);
    }

    [Fact]
    public void EveryModelTypeOfTheGenerators_IsReachedFromAPipelineModel()
    {
        var reached = new HashSet<Type>();
        foreach (Type model in PipelineModels)
        {
            ModelWalk.ForbiddenMembers(model, out ISet<Type> visited);
            reached.UnionWith(visited);
        }

        // A new *Spec or *Info model must flow through a pipeline model above, or be added to them.
        string[] missed = typeof(DynamicsGenerator).Assembly.GetTypes()
            .Where(t => !t.IsNested && (t.Name.EndsWith("Spec", StringComparison.Ordinal) || t.Name.EndsWith("Info", StringComparison.Ordinal)))
            .Where(t => !reached.Contains(t))
            .Select(t => t.FullName!)
            .ToArray();
        Assert.True(missed.Length == 0, "Model types no pipeline model reaches: " + string.Join(", ", missed));
    }

    [Fact]
    public void TableauSpec_HoldsNoCompilationObjects()
    {
        IReadOnlyList<string> problems = ModelWalk.ForbiddenMembers(typeof(TableauSpec), out ISet<Type> visited);

        Assert.True(problems.Count == 0, "TableauSpec holds compilation objects, which defeat the incremental cache:" + Environment.NewLine + string.Join(Environment.NewLine, problems));
        Assert.Contains(typeof(EquatableArray<double>), visited);
        Assert.Contains(typeof(double), visited);
    }

    [Fact]
    public void ModelWalk_FindsCompilationObjectsInsideGenericArguments()
    {
        IReadOnlyList<string> problems = ModelWalk.ForbiddenMembers(typeof(ModelWalk.LeakySpec), out _);

        // The walk itself must see through arrays and generic arguments, or the test above proves nothing.
        Assert.Contains(problems, p => p.Contains(nameof(Location), StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains(nameof(ISymbol), StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains(nameof(SyntaxNode), StringComparison.Ordinal));
    }

    [Fact]
    public void ModelWalk_FindsCompilationObjectsInABaseRecord()
    {
        IReadOnlyList<string> problems = ModelWalk.ForbiddenMembers(typeof(ModelWalk.DerivedLeakySpec), out _);

        Assert.Contains(problems, p => p.Contains(nameof(Location), StringComparison.Ordinal));
    }
}
