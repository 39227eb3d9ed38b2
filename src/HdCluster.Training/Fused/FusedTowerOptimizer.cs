using HdCluster.Experiments;
using HdCluster.Optim;
using HdCluster.Optim.Towers;
using HdCluster.Torch;

namespace HdCluster.Training.Fused;

/// <summary>
/// <see cref="Optim.Towers.TowerOptimizer"/> for K cells: a stack of fused levels of any height and kind, every
/// level's hyperparameters <c>[K]</c> vectors. The cells share the tower's structure (height, each level's kind,
/// momentum or not) and may differ in every value. The hypergradient of cell k's hyperparameters reaches them
/// from cell k's loss only, because nothing in the graph mixes cells.
/// </summary>
public sealed class FusedTowerOptimizer : FusedOptimizer
{
    private readonly IReadOnlyList<string> names;
    private readonly FusedTowerLevel[] levels;

    public FusedTowerOptimizer(IReadOnlyList<Parameter> parameters, IReadOnlyList<TowerConfig> configs)
        : base(parameters, configs.Count)
    {
        var height = configs[0].Levels.Count;
        if (height == 0 || configs.Any(c => c.Levels.Count != height))
        {
            throw new ArgumentException("fused towers share one height of at least one level", nameof(configs));
        }

        names = configs[0].HyperparameterNames;
        levels = new FusedTowerLevel[height];
        for (var k = 0; k < height; k++)
        {
            var level = configs.Select(c => c.Levels[k]).ToList();
            levels[k] = level[0].Kind switch
            {
                _ when level.Any(l => l.Kind != level[0].Kind) => throw new ArgumentException($"level {k + 1} has different kinds across the cells", nameof(configs)),
                LevelKind.Sgd => new FusedSgdLevel(level, Dtype, Device),
                LevelKind.Adam or LevelKind.AdamBaydin => new FusedAdamLevel(level, Dtype, Device),
                LevelKind.AdaGrad => new FusedAdaGradLevel(level, Dtype, Device),
                LevelKind.RmsProp => new FusedRmsPropLevel(level, Dtype, Device),
                var other => throw new ArgumentOutOfRangeException(nameof(configs), other, "unknown tower level kind"),
            };
        }
    }

    public int Height => levels.Length;

    public IReadOnlyList<FusedTowerLevel> Levels => levels;

    public override IReadOnlyList<string> HyperparameterNames => names;

    /// <summary>The model's parameters and every learned hyperparameter collect gradients in the coming backward.</summary>
    public override void BeginStep()
    {
        foreach (var p in Parameters)
        {
            TowerOptimizer.Track(p);
        }

        for (var k = 0; k < levels.Length - 1; k++)
        {
            foreach (var h in levels[k].Hyperparameters)
            {
                TowerOptimizer.Track(h);
            }
        }
    }

    protected override void Update(Tensor[] gradients) =>
        TowerOptimizer.Cascade(levels.Length, k => levels[k].Hyperparameters, (k, below, g) => levels[k].Update(below, g, KeepFrozen), Parameters, gradients);

    protected override IEnumerable<Tensor> HyperparameterTensors() => levels.SelectMany(l => l.AppliedValues());

    public override void Dispose()
    {
        foreach (var level in levels)
        {
            level.Dispose();
        }

        base.Dispose();
    }
}
