
namespace HdCluster.Experiments;

/// <summary>
/// What optimizers must share to train as one fused optimizer: the program they run, not its numbers. Values
/// (rates, betas, momenta, weight decays, every tower level's step size) may differ from cell to cell.
/// <list type="bullet">
/// <item>The SGD methods of Baydin et al. (sgd, sgd_hd, sgdn, sgdn_hd) are one structure: plain SGD is SGD-HD
/// whose rate is held, and no momentum is Nesterov momentum with mu = 0, both exactly. Heavy-ball momentum
/// (sgd with mu &gt; 0) is its own.</item>
/// <item>Adam and Adam-HD are one structure, apart by <c>joint</c> (of the Adam-HD cells) and <c>sqrt_decay</c>.</item>
/// <item>A tower's structure is its height, each level's kind, and for SGD levels whether momentum is learned.</item>
/// </list>
/// With <c>mergeMethods: false</c> every Baydin method is a structure of its own (one group per method).
/// </summary>
public static class OptimizerStructure
{
    public static string Of(OptimizerConfig config, bool mergeMethods = true) => config switch
    {
        BaydinConfig { IsAdam: false } sgd when sgd.Momentum != 0 && !sgd.Nesterov => mergeMethods ? "sgd with heavy-ball momentum" : $"{Name(sgd.Method)} with heavy-ball momentum",
        BaydinConfig { IsAdam: false } sgd => mergeMethods ? "sgd family (sgd, sgd_hd, sgdn, sgdn_hd)" : Name(sgd.Method),
        BaydinConfig adam => (mergeMethods ? "adam family (adam, adam_hd)" : Name(adam.Method))
            + (adam.IsHd && adam.Joint ? ", joint" : "")
            + (adam.SqrtDecay ? ", sqrt_decay" : ""),
        TowerConfig tower => "tower " + string.Join(" / ", tower.Levels.Select(Level)),
        _ => throw new ArgumentException($"unknown optimizer config {config.GetType().Name}", nameof(config)),
    };

    private static string Name(BaydinMethod method) => method switch
    {
        BaydinMethod.Sgd => "sgd",
        BaydinMethod.SgdHd => "sgd_hd",
        BaydinMethod.Sgdn => "sgdn",
        BaydinMethod.SgdnHd => "sgdn_hd",
        BaydinMethod.Adam => "adam",
        _ => "adam_hd",
    };

    private static string Level(LevelConfig level) => level.Kind switch
    {
        LevelKind.Sgd => level.Mu != 0 ? "sgd(mu)" : "sgd",
        LevelKind.Adam => "adam",
        LevelKind.AdamBaydin => "adam_baydin",
        LevelKind.AdaGrad => "adagrad",
        _ => "rmsprop",
    };
}
