using HdCluster.Experiments;
using HdCluster.Optim.Baydin;
using HdCluster.Optim.Towers;

namespace HdCluster.Optim.Tests;

/// <summary>The factory builds, from a resolved config, the optimizer the config describes.</summary>
public sealed class OptimizerFactoryTests
{
    [Theory]
    [InlineData("sgd(0.1)", typeof(SgdHd))]
    [InlineData("sgdn_hd(0.1)", typeof(SgdHd))]
    [InlineData("adam", typeof(AdamHd))]
    [InlineData("adam_hd(joint=true)", typeof(AdamHd))]
    [InlineData("adam(1e-3) / none", typeof(TowerOptimizer))]
    [InlineData("sgd(0.1) / sgd(1e-3)", typeof(TowerOptimizer))]
    public void The_factory_builds_the_optimizer_a_spec_resolves_to(string spec, Type type)
    {
        using var scope = torch.NewDisposeScope();
        using var w = new Quadratic("w", [1.0], [1.0]);
        using var optimizer = Train.Create(spec, w);

        Assert.IsType(type, optimizer);
        Assert.Equal(OptimizerConfigResolver.Resolve(spec).HyperparameterNames, optimizer.HyperparameterNames);
        Assert.Equal(optimizer.HyperparameterNames.Count, optimizer.ReadHyperparameters().Length);
    }
}
