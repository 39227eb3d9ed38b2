using HdCluster.Experiments;
using HdCluster.Optim.Baydin;
using HdCluster.Optim.Towers;
using HdCluster.Torch;

namespace HdCluster.Optim;

/// <summary>Builds the optimizer a resolved optimizer config describes (a cell carries it: <see cref="CellConfig.ResolvedOptimizer"/>), over a model's parameter slots.</summary>
public static class OptimizerFactory
{
    public static Optimizer Create(OptimizerConfig config, IReadOnlyList<Parameter> parameters) => config switch
    {
        BaydinConfig { IsAdam: true } adam => new AdamHd(parameters, adam),
        BaydinConfig sgd => new SgdHd(parameters, sgd),
        TowerConfig tower => new TowerOptimizer(parameters, tower),
        _ => throw new ArgumentException($"unknown optimizer config {config.GetType().Name}", nameof(config)),
    };
}
