namespace HdCluster.Experiments;

/// <summary>A fully resolved optimizer: what a spec means once its kinds, defaults and aliases are
/// applied. Building one validates a spec without needing a model.</summary>
public abstract record OptimizerConfig
{
    /// <summary>Hyperparameter names as recorded (<c>L1.lr</c>, <c>L1.alpha</c>, <c>L2.alpha</c>, ...).</summary>
    public abstract IReadOnlyList<string> HyperparameterNames { get; }
}

public enum BaydinMethod
{
    Sgd,
    SgdHd,
    Sgdn,
    SgdnHd,
    Adam,
    AdamHd,
}

/// <summary>Baydin et al. (2018): one scalar learning rate, optionally learned online by hypergradient descent.</summary>
/// <param name="Beta">The hypergradient learning rate (0 for the baselines).</param>
/// <param name="Joint">Adam-HD only: one hypergradient over all tensors before any update (the paper's
/// formulation) instead of the authors' code's tensor-by-tensor update.</param>
/// <param name="SqrtDecay">Adam only: scale the step by 1/sqrt(t), as in the paper's Adam experiments.</param>
public sealed record BaydinConfig(
    BaydinMethod Method,
    double Lr,
    double Beta,
    double Momentum,
    double WeightDecay,
    double Beta1,
    double Beta2,
    double Eps,
    bool Joint,
    bool SqrtDecay) : OptimizerConfig
{
    public bool IsHd => Method is BaydinMethod.SgdHd or BaydinMethod.SgdnHd or BaydinMethod.AdamHd;

    public bool IsAdam => Method is BaydinMethod.Adam or BaydinMethod.AdamHd;

    public bool Nesterov => Method is BaydinMethod.Sgdn or BaydinMethod.SgdnHd;

    public override IReadOnlyList<string> HyperparameterNames => ["L1.lr"];
}

public enum LevelKind
{
    Sgd,
    Adam,
    AdamBaydin,
    AdaGrad,
    RmsProp,
}

/// <summary>One level of a Chandra et al. (2022) tower, with its initial hyperparameters.</summary>
public sealed record LevelConfig(LevelKind Kind, double Alpha, double Mu = 0, double Beta1 = 0.9, double Beta2 = 0.999, double Eps = 1e-8, double Gamma = 0.99)
{
    /// <summary>The names of the hyperparameters this level exposes (and the level above learns).</summary>
    public IReadOnlyList<string> Names => Kind switch
    {
        LevelKind.Sgd => Mu != 0 ? ["alpha", "mu"] : ["alpha"],
        LevelKind.Adam => ["alpha", "beta1", "beta2"],
        LevelKind.RmsProp => ["alpha", "gamma"],
        _ => ["alpha"],
    };
}

/// <summary>A tower: <c>Levels[0]</c> updates the model, <c>Levels[k]</c> the hyperparameters of <c>Levels[k-1]</c>;
/// the last level's hyperparameters are fixed.</summary>
public sealed record TowerConfig(IReadOnlyList<LevelConfig> Levels) : OptimizerConfig
{
    public override IReadOnlyList<string> HyperparameterNames =>
        Levels.SelectMany((level, i) => level.Names.Select(n => $"L{i + 1}.{n}")).ToList();
}
