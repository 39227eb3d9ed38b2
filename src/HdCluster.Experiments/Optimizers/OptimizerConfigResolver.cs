
namespace HdCluster.Experiments;

/// <summary>Gives a parsed spec its meaning. A single <c>sgd</c>, <c>sgdn</c>, <c>adam</c> or an <c>_hd</c>
/// kind is Baydin et al.'s optimizer (torch.optim semantics for the baselines); a stack written with
/// <c>/</c>, or a single adagrad, rmsprop or adam_baydin, is a Chandra et al. tower (gdtuo semantics).</summary>
public static class OptimizerConfigResolver
{
    private static readonly string[] BaydinKinds = ["sgd", "sgd_hd", "sgdn", "sgdn_hd", "adam", "adam_hd"];
    private static readonly string[] LevelKinds = ["sgd", "adam", "adam_baydin", "adagrad", "rmsprop"];
    private static readonly string[] TopMarkers = ["none", "noop", "fixed"];

    public static OptimizerConfig Resolve(string spec) => Resolve(OptimizerSpec.Parse(spec));

    public static OptimizerConfig Resolve(OptimizerSpec spec)
    {
        var levels = spec.Levels;
        var single = levels.Count == 1;
        if (single && BaydinKinds.Contains(levels[0].Kind))
        {
            return Baydin(spec, levels[0]);
        }

        for (var i = 0; i < levels.Count; i++)
        {
            var level = levels[i];
            if (TopMarkers.Contains(level.Kind))
            {
                if (i == 0 || i != levels.Count - 1)
                {
                    throw new SpecSyntaxException(spec.Text, level.Position, $"'{level.Kind}' may only close a tower (e.g. adam(1e-3) / none)");
                }

                if (level.Positional.Count + level.Named.Count > 0)
                {
                    throw new SpecSyntaxException(spec.Text, level.Position, $"'{level.Kind}' takes no arguments");
                }
            }
            else if (BaydinKinds.Contains(level.Kind) && !LevelKinds.Contains(level.Kind))
            {
                throw new SpecSyntaxException(spec.Text, level.Position,
                    $"{level.Kind} learns its rate by its own rule and cannot be stacked; write a tower such as sgd(0.01) / sgd(1e-4)");
            }
            else if (!LevelKinds.Contains(level.Kind))
            {
                throw new SpecSyntaxException(spec.Text, level.Position,
                    $"unknown optimizer '{level.Kind}'; expected one of {string.Join(", ", BaydinKinds.Concat(LevelKinds).Distinct())}");
            }
        }

        var real = levels.Where(l => !TopMarkers.Contains(l.Kind)).ToList();
        var configs = new List<LevelConfig>();
        for (var i = 0; i < real.Count; i++)
        {
            configs.Add(Level(spec, real[i], i, configs.Count > 0 ? configs[0].Alpha : (double?)null));
        }

        return new TowerConfig(configs);
    }

    private static BaydinConfig Baydin(OptimizerSpec spec, LevelSpec level)
    {
        var method = level.Kind switch
        {
            "sgd" => BaydinMethod.Sgd,
            "sgd_hd" => BaydinMethod.SgdHd,
            "sgdn" => BaydinMethod.Sgdn,
            "sgdn_hd" => BaydinMethod.SgdnHd,
            "adam" => BaydinMethod.Adam,
            _ => BaydinMethod.AdamHd,
        };
        var adam = method is BaydinMethod.Adam or BaydinMethod.AdamHd;
        var hd = method is BaydinMethod.SgdHd or BaydinMethod.SgdnHd or BaydinMethod.AdamHd;
        var nesterov = method is BaydinMethod.Sgdn or BaydinMethod.SgdnHd;
        var keys = new List<string> { "lr", "wd" };
        if (hd)
        {
            keys.Add("beta");
        }

        if (adam)
        {
            keys.AddRange(["beta1", "beta2", "eps", "sqrt_decay"]);
        }
        else
        {
            keys.Add("mu");
        }

        if (method == BaydinMethod.AdamHd)
        {
            keys.Add("joint");
        }

        var aliases = new Dictionary<string, string>
        {
            ["alpha"] = "lr",
            ["alpha_0"] = "lr",
            ["weight_decay"] = "wd",
            ["hypergrad_lr"] = "beta",
            ["momentum"] = "mu",
        };
        var args = new LevelArguments(spec, level, [.. keys], positionalCount: 1, aliases);
        var lr = args.Number("lr", adam ? 1e-3 : null, positive: true);
        var mu = adam ? 0 : args.Number("mu", nesterov ? 0.9 : 0, nonNegative: true);
        if (nesterov && mu <= 0)
        {
            throw new SpecSyntaxException(spec.Text, level.Position, $"{level.Kind} is Nesterov momentum and needs mu > 0");
        }

        return new BaydinConfig(
            method,
            lr,
            hd ? args.Number("beta", adam ? 1e-8 : 1e-6, nonNegative: true) : 0,
            mu,
            args.Number("wd", 0, nonNegative: true),
            adam ? args.Fraction("beta1", 0.9) : 0.9,
            adam ? args.Fraction("beta2", 0.999) : 0.999,
            adam ? args.Number("eps", 1e-8, positive: true) : 1e-8,
            method == BaydinMethod.AdamHd && args.Flag("joint", false),
            adam && args.Flag("sqrt_decay", false));
    }

    private static LevelConfig Level(OptimizerSpec spec, LevelSpec level, int index, double? firstAlpha)
    {
        var kind = level.Kind switch
        {
            "sgd" => LevelKind.Sgd,
            "adam" => LevelKind.Adam,
            "adam_baydin" => LevelKind.AdamBaydin,
            "adagrad" => LevelKind.AdaGrad,
            _ => LevelKind.RmsProp,
        };
        string[] keys = kind switch
        {
            LevelKind.Sgd => ["alpha", "mu"],
            LevelKind.Adam or LevelKind.AdamBaydin => ["alpha", "beta1", "beta2", "eps"],
            LevelKind.AdaGrad => ["alpha", "eps"],
            _ => ["alpha", "gamma", "eps"],
        };
        var aliases = new Dictionary<string, string> { ["lr"] = "alpha", ["momentum"] = "mu" };
        var args = new LevelArguments(spec, level, keys, positionalCount: 1, aliases);
        double alpha;
        if (args.IsAuto("alpha"))
        {
            if (index == 0 || firstAlpha == null)
            {
                throw new SpecSyntaxException(spec.Text, level.Position, "'auto' sets the step size of a level above the first; the first level needs a number");
            }

            // The rule a reproduction of Chandra et al. proposed: kappa_layer = alpha_1 / (100 (1 + layer)),
            // with layer = 1 for the first hyperoptimizer (level 2).
            alpha = firstAlpha.Value / (100.0 * (1 + index));
        }
        else
        {
            var fallback = kind switch
            {
                LevelKind.Adam or LevelKind.AdamBaydin => 1e-3,
                LevelKind.Sgd => (double?)null,
                _ => 0.01,
            };
            alpha = args.Number("alpha", fallback, positive: true);
        }

        return kind switch
        {
            LevelKind.Sgd => new LevelConfig(kind, alpha, Mu: args.Number("mu", 0, nonNegative: true)),
            LevelKind.Adam or LevelKind.AdamBaydin => new LevelConfig(kind, alpha, Beta1: args.Fraction("beta1", 0.9), Beta2: args.Fraction("beta2", 0.999), Eps: args.Number("eps", 1e-8, positive: true)),
            LevelKind.AdaGrad => new LevelConfig(kind, alpha, Eps: args.Number("eps", 1e-10, positive: true)),
            _ => new LevelConfig(kind, alpha, Gamma: args.Fraction("gamma", 0.99), Eps: args.Number("eps", 1e-8, positive: true)),
        };
    }
}
