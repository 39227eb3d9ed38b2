using HdCluster.Experiments;
using HdCluster.Optim;
using HdCluster.Torch;

namespace HdCluster.Training.Fused;

/// <summary>Builds the fused optimizer of a group of cells' optimizer configs (one per cell, in cell order) over a
/// fused model's slots. The configs must share a structure (<see cref="OptimizerStructure"/>).</summary>
public static class FusedOptimizerFactory
{
    public static FusedOptimizer Create(IReadOnlyList<OptimizerConfig> configs, IReadOnlyList<Parameter> parameters)
    {
        if (configs.Count == 0)
        {
            throw new ArgumentException("a fused optimizer needs at least one cell", nameof(configs));
        }

        var structures = configs.Select(c => OptimizerStructure.Of(c)).Distinct().ToList();
        if (structures.Count > 1)
        {
            throw new ArgumentException($"the cells' optimizers differ in structure ({string.Join("; ", structures)}), so they do not fuse", nameof(configs));
        }

        return configs[0] switch
        {
            BaydinConfig { IsAdam: true } => new FusedAdamHd(parameters, configs.Cast<BaydinConfig>().ToList()),
            BaydinConfig => new FusedSgdHd(parameters, configs.Cast<BaydinConfig>().ToList()),
            TowerConfig => new FusedTowerOptimizer(parameters, configs.Cast<TowerConfig>().ToList()),
            var other => throw new ArgumentException($"unknown optimizer config {other.GetType().Name}", nameof(configs)),
        };
    }
}
