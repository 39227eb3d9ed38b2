using HdCluster.Optim.Baydin;
using HdCluster.Optim.Specs;
using HdCluster.Optim.Towers;
using HdCluster.Torch;

namespace HdCluster.Optim;

/// <summary>Builds the optimizer a spec or config describes, over a model's parameter slots.</summary>
public static class OptimizerFactory
{
    public static Optimizer Create(string spec, IReadOnlyList<Parameter> parameters) =>
        Create(OptimizerConfigResolver.Resolve(OptimizerSpec.Parse(spec)), parameters);

    public static Optimizer Create(OptimizerConfig config, IReadOnlyList<Parameter> parameters) => config switch
    {
        BaydinConfig { IsAdam: true } adam => new AdamHd(parameters, adam),
        BaydinConfig sgd => new SgdHd(parameters, sgd),
        TowerConfig tower => new TowerOptimizer(parameters, tower),
        _ => throw new ArgumentException($"unknown optimizer config {config.GetType().Name}", nameof(config)),
    };
}
