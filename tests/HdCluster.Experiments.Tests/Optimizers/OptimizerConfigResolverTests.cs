namespace HdCluster.Experiments.Tests.Optimizers;

/// <summary>What a spec means: kinds, defaults, aliases and the 'auto' rule, and every way a spec can be wrong.</summary>
public sealed class OptimizerConfigResolverTests
{
    private static BaydinConfig Baydin(string spec) => Assert.IsType<BaydinConfig>(OptimizerConfigResolver.Resolve(spec));

    private static TowerConfig Tower(string spec) => Assert.IsType<TowerConfig>(OptimizerConfigResolver.Resolve(spec));

    private static SpecSyntaxException Rejected(string spec) =>
        Assert.Throws<SpecSyntaxException>(() => OptimizerConfigResolver.Resolve(spec));

    [Fact]
    public void Sgdn_hd_binds_every_named_argument()
    {
        var config = Baydin("sgdn_hd(lr=0.001, beta=0.001, mu=0.9, wd=1e-4)");

        Assert.Equal(BaydinMethod.SgdnHd, config.Method);
        Assert.Equal(0.001, config.Lr);
        Assert.Equal(0.001, config.Beta);
        Assert.Equal(0.9, config.Momentum);
        Assert.Equal(1e-4, config.WeightDecay);
        Assert.True(config.IsHd);
        Assert.True(config.Nesterov);
        Assert.False(config.IsAdam);
    }

    [Fact]
    public void A_stack_is_a_tower_whose_auto_levels_get_alpha_1_over_100_times_1_plus_layer()
    {
        var config = Tower("adam(alpha=1e-3) / sgd(1e-5) / sgd(auto)");

        Assert.Equal(new[] { LevelKind.Adam, LevelKind.Sgd, LevelKind.Sgd }, config.Levels.Select(l => l.Kind));
        Assert.Equal(1e-3, config.Levels[0].Alpha);
        Assert.Equal(1e-5, config.Levels[1].Alpha);
        Assert.Equal(1e-3 / (100 * (1 + 2)), config.Levels[2].Alpha);
    }

    [Fact]
    public void Auto_on_level_two_is_layer_one_so_alpha_1_over_200()
    {
        var config = Tower("sgd(0.1) / sgd(auto) / adam(auto)");

        Assert.Equal(0.1 / 200, config.Levels[1].Alpha);
        Assert.Equal(0.1 / 300, config.Levels[2].Alpha);
    }

    [Fact]
    public void The_first_argument_may_be_given_by_position()
    {
        Assert.Equal(Baydin("sgd(lr=0.1)"), Baydin("sgd(0.1)"));
        Assert.Equal(Baydin("adam_hd(lr=0.01)"), Baydin("adam_hd(0.01)"));
        Assert.Equal(0.1, Tower("sgd(0.1) / sgd(alpha=0.01)").Levels[0].Alpha);
    }

    [Theory]
    [InlineData("sgd(alpha=0.1)", "sgd(lr=0.1)")]
    [InlineData("sgd(alpha_0=0.1)", "sgd(lr=0.1)")]
    [InlineData("sgd(0.1, weight_decay=1e-4)", "sgd(0.1, wd=1e-4)")]
    [InlineData("sgd_hd(0.1, hypergrad_lr=1e-3)", "sgd_hd(0.1, beta=1e-3)")]
    [InlineData("sgd(0.1, momentum=0.9)", "sgd(0.1, mu=0.9)")]
    [InlineData("adam(alpha=0.01)", "adam(lr=0.01)")]
    public void Aliases_mean_the_same_as_the_canonical_keys(string aliased, string canonical) =>
        Assert.Equal(Baydin(canonical), Baydin(aliased));

    [Theory]
    [InlineData("sgd(lr=0.1, momentum=0.5) / sgd(lr=1e-3)", "sgd(alpha=0.1, mu=0.5) / sgd(alpha=1e-3)")]
    public void Tower_levels_accept_lr_for_alpha_and_momentum_for_mu(string aliased, string canonical) =>
        Assert.Equal(Tower(canonical).Levels, Tower(aliased).Levels);

    [Fact]
    public void Sgdn_defaults_mu_to_0_9()
    {
        Assert.Equal(0.9, Baydin("sgdn(0.1)").Momentum);
        Assert.Equal(0.9, Baydin("sgdn_hd(0.1)").Momentum);
    }

    [Fact]
    public void Sgd_defaults_to_no_momentum_and_no_weight_decay()
    {
        var config = Baydin("sgd(0.1)");

        Assert.Equal(0, config.Momentum);
        Assert.Equal(0, config.WeightDecay);
        Assert.Equal(0, config.Beta);
    }

    [Fact]
    public void Adam_defaults_to_torch_optim_adams_hyperparameters()
    {
        var config = Baydin("adam");

        Assert.Equal(BaydinMethod.Adam, config.Method);
        Assert.Equal(1e-3, config.Lr);
        Assert.Equal(0.9, config.Beta1);
        Assert.Equal(0.999, config.Beta2);
        Assert.Equal(1e-8, config.Eps);
        Assert.False(config.Joint);
        Assert.False(config.SqrtDecay);
    }

    [Theory]
    [InlineData("sgd_hd(0.1)", 1e-6)]
    [InlineData("sgdn_hd(0.1)", 1e-6)]
    [InlineData("adam_hd", 1e-8)]
    public void The_hypergradient_rate_defaults_to_the_authors_value(string spec, double beta) =>
        Assert.Equal(beta, Baydin(spec).Beta);

    [Fact]
    public void Tower_levels_default_to_gdtuos_hyperparameters()
    {
        Assert.Equal(new LevelConfig(LevelKind.Adam, 1e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8), Tower("adam / none").Levels[0]);
        Assert.Equal(new LevelConfig(LevelKind.RmsProp, 0.01, Gamma: 0.99, Eps: 1e-8), Tower("rmsprop / none").Levels[0]);
        Assert.Equal(new LevelConfig(LevelKind.AdaGrad, 0.01, Eps: 1e-10), Tower("adagrad / none").Levels[0]);
        Assert.Equal(0, Tower("sgd(0.1) / none").Levels[0].Mu);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("noop")]
    [InlineData("fixed")]
    public void A_closing_marker_makes_a_tower_without_adding_a_level(string marker)
    {
        var config = Tower($"adam(1e-3) / {marker}");

        var level = Assert.Single(config.Levels);
        Assert.Equal(LevelKind.Adam, level.Kind);
        Assert.Equal(1e-3, level.Alpha);
    }

    [Theory]
    [InlineData("adagrad(0.1)", LevelKind.AdaGrad)]
    [InlineData("rmsprop(0.01)", LevelKind.RmsProp)]
    [InlineData("adam_baydin(1e-3)", LevelKind.AdamBaydin)]
    public void A_single_level_of_a_kind_only_towers_have_is_a_one_level_tower(string spec, LevelKind kind) =>
        Assert.Equal(kind, Assert.Single(Tower(spec).Levels).Kind);

    [Fact]
    public void Joint_true_selects_one_hypergradient_over_all_tensors()
    {
        Assert.True(Baydin("adam_hd(joint=true)").Joint);
        Assert.False(Baydin("adam_hd(joint=false)").Joint);
        Assert.False(Baydin("adam_hd").Joint);
    }

    [Fact]
    public void Sqrt_decay_true_is_kept_for_adam_and_adam_hd()
    {
        Assert.True(Baydin("adam(sqrt_decay=true)").SqrtDecay);
        Assert.True(Baydin("adam_hd(sqrt_decay=true)").SqrtDecay);
    }

    [Theory]
    [InlineData("sgd(0.1)", new[] { "L1.lr" })]
    [InlineData("sgd(0.1, mu=0.9)", new[] { "L1.lr" })]
    [InlineData("sgdn_hd(0.1)", new[] { "L1.lr" })]
    [InlineData("adam_hd(joint=true)", new[] { "L1.lr" })]
    [InlineData("adam(alpha=1e-3) / sgd(1e-5)", new[] { "L1.alpha", "L1.beta1", "L1.beta2", "L2.alpha" })]
    [InlineData("sgd(0.1, mu=0.9) / sgd(1e-3)", new[] { "L1.alpha", "L1.mu", "L2.alpha" })]
    [InlineData("sgd(0.1) / sgd(1e-3)", new[] { "L1.alpha", "L2.alpha" })]
    [InlineData("sgd(0.1) / sgd(1e-3) / sgd(auto)", new[] { "L1.alpha", "L2.alpha", "L3.alpha" })]
    [InlineData("rmsprop(0.01) / adam_baydin(1e-3)", new[] { "L1.alpha", "L1.gamma", "L2.alpha" })]
    [InlineData("adagrad(0.1) / none", new[] { "L1.alpha" })]
    public void Hyperparameter_names_list_each_levels_learnable_values(string spec, string[] names) =>
        Assert.Equal(names, OptimizerConfigResolver.Resolve(spec).HyperparameterNames);

    [Theory]
    [InlineData("sgdx(0.1)", 0, "sgdx")]
    [InlineData("sgd(0.1) / rprop(0.01)", 11, "rprop")]
    public void An_unknown_optimizer_is_rejected_at_its_name_listing_the_known_ones(string spec, int position, string name)
    {
        var error = Rejected(spec);

        Assert.Equal(position, error.Position);
        Assert.StartsWith($"unknown optimizer '{name}'; expected one of sgd, sgd_hd, sgdn, sgdn_hd, adam, adam_hd, adam_baydin, adagrad, rmsprop", error.Problem);
    }

    [Theory]
    [InlineData("sgd(lr=0.1, foo=1)", "sgd", new[] { "alpha", "alpha_0", "lr", "momentum", "mu", "wd", "weight_decay" })]
    [InlineData("sgd(lr=0.1, hypergrad_lr=1e-3)", "sgd", new[] { "alpha", "alpha_0", "lr", "momentum", "mu", "wd", "weight_decay" })]
    [InlineData("adam(momentum=0.9)", "adam", new[] { "alpha", "alpha_0", "beta1", "beta2", "eps", "lr", "sqrt_decay", "wd", "weight_decay" })]
    [InlineData("adam(joint=true)", "adam", new[] { "alpha", "alpha_0", "beta1", "beta2", "eps", "lr", "sqrt_decay", "wd", "weight_decay" })]
    [InlineData("adam_hd(mu=0.9)", "adam_hd", new[] { "alpha", "alpha_0", "beta", "beta1", "beta2", "eps", "hypergrad_lr", "joint", "lr", "sqrt_decay", "wd", "weight_decay" })]
    [InlineData("sgd(0.1, wd=1e-4) / sgd(1e-3)", "sgd", new[] { "alpha", "lr", "momentum", "mu" })]
    [InlineData("rmsprop(beta1=0.9) / none", "rmsprop", new[] { "alpha", "eps", "gamma", "lr" })]
    public void An_unknown_argument_is_rejected_at_its_name_listing_exactly_the_valid_keys(string spec, string kind, string[] validKeys)
    {
        var error = Rejected(spec);

        var name = spec[error.Position..spec.IndexOf('=', error.Position)];
        Assert.StartsWith($"unknown argument '{name}' for {kind}; expected one of ", error.Problem);
        var listed = error.Problem[error.Problem.IndexOf("expected one of ", StringComparison.Ordinal)..]["expected one of ".Length..].Split(", ");
        Assert.Equal(validKeys.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(name, listed);
    }

    [Theory]
    [InlineData("sgd(lr=0.1, alpha=0.2)", "alpha=0.2", "'lr' of sgd is given twice (by position or alias)")]
    [InlineData("sgd(0.1, lr=0.2)", "lr=0.2", "'lr' of sgd is given twice (by position or alias)")]
    [InlineData("sgd(0.1, mu=0.9, momentum=0.8) / none", "momentum", "'mu' of sgd is given twice (by position or alias)")]
    public void A_key_given_twice_through_an_alias_or_position_is_rejected_at_the_second(string spec, string second, string problem)
    {
        var error = Rejected(spec);

        Assert.Equal(spec.IndexOf(second, StringComparison.Ordinal), error.Position);
        Assert.Equal(problem, error.Problem);
    }

    [Theory]
    [InlineData("sgd(lr=true)", "lr=true", "'lr' of sgd must be a number, found 'true'")]
    [InlineData("sgd(auto)", "auto", "'lr' of sgd must be a number, found 'auto'")]
    [InlineData("sgd(0.1) / sgd(auto, mu=auto)", "mu=auto", "'mu' of sgd must be a number, found 'auto'")]
    [InlineData("adam_hd(joint=1)", "joint=1", "'joint' of adam_hd must be true or false, found '1'")]
    [InlineData("sgd(lr=1e999)", "lr=1e999", "'lr' of sgd must be finite")]
    public void A_value_of_the_wrong_type_is_rejected_at_its_argument(string spec, string argument, string problem)
    {
        var error = Rejected(spec);

        Assert.Equal(spec.IndexOf(argument, StringComparison.Ordinal), error.Position);
        Assert.Equal(problem, error.Problem);
    }

    [Theory]
    [InlineData("sgd(lr=-0.1)", "lr=-0.1", "'lr' of sgd must be positive, found -0.1")]
    [InlineData("adam(0)", "0", "'lr' of adam must be positive, found 0")]
    [InlineData("sgd(-1) / none", "-1", "'alpha' of sgd must be positive, found -1")]
    [InlineData("sgd_hd(0.1, beta=-1e-3)", "beta=", "'beta' of sgd_hd must not be negative, found -0.001")]
    [InlineData("sgd(0.1, wd=-1)", "wd=", "'wd' of sgd must not be negative, found -1")]
    [InlineData("adam(eps=0)", "eps=", "'eps' of adam must be positive, found 0")]
    public void A_rate_outside_its_range_is_rejected_at_its_argument(string spec, string argument, string problem)
    {
        var error = Rejected(spec);

        Assert.Equal(spec.IndexOf(argument, StringComparison.Ordinal), error.Position);
        Assert.Equal(problem, error.Problem);
    }

    [Theory]
    [InlineData("adam(beta1=0)", "beta1", "0")]
    [InlineData("adam(beta1=1)", "beta1", "1")]
    [InlineData("adam_hd(beta1=1.5)", "beta1", "1.5")]
    [InlineData("adam(beta2=-0.1)", "beta2", "-0.1")]
    [InlineData("adam(alpha=0.1, beta1=1) / none", "beta1", "1")]
    [InlineData("rmsprop(gamma=1) / none", "gamma", "1")]
    public void A_decay_rate_outside_the_open_unit_interval_is_rejected(string spec, string key, string value)
    {
        var error = Rejected(spec);

        Assert.Equal(spec.IndexOf($"{key}=", StringComparison.Ordinal), error.Position);
        Assert.Equal($"'{key}' of {spec[..spec.IndexOf('(')]} must lie strictly between 0 and 1, found {value}", error.Problem);
    }

    [Fact]
    public void Auto_on_the_first_level_of_a_tower_is_rejected()
    {
        var error = Rejected("sgd(auto) / sgd(1e-3)");

        Assert.Equal(0, error.Position);
        Assert.Equal("'auto' sets the step size of a level above the first; the first level needs a number", error.Problem);
    }

    [Theory]
    [InlineData("sgd_hd(lr=0.1) / sgd(1e-3)", 0, "sgd_hd")]
    [InlineData("sgd(0.1) / adam_hd(1e-3)", 11, "adam_hd")]
    [InlineData("sgdn(0.1) / none", 0, "sgdn")]
    public void A_baydin_kind_that_only_exists_alone_cannot_be_stacked(string spec, int position, string kind)
    {
        var error = Rejected(spec);

        Assert.Equal(position, error.Position);
        Assert.StartsWith($"{kind} learns its rate by its own rule and cannot be stacked", error.Problem);
    }

    [Theory]
    [InlineData("sgd(0.1) / none / sgd(1e-3)", 11)]
    [InlineData("none / sgd(0.1)", 0)]
    [InlineData("none", 0)]
    public void None_may_only_close_a_tower(string spec, int position)
    {
        var error = Rejected(spec);

        Assert.Equal(position, error.Position);
        Assert.Equal("'none' may only close a tower (e.g. adam(1e-3) / none)", error.Problem);
    }

    [Fact]
    public void None_takes_no_arguments()
    {
        var error = Rejected("adam(1e-3) / none(1)");

        Assert.Equal(13, error.Position);
        Assert.Equal("'none' takes no arguments", error.Problem);
    }

    [Theory]
    [InlineData("sgdn(lr=0.1, mu=0)", "sgdn")]
    [InlineData("sgdn_hd(0.1, momentum=0)", "sgdn_hd")]
    public void Nesterov_without_momentum_is_rejected(string spec, string kind)
    {
        var error = Rejected(spec);

        Assert.Equal(0, error.Position);
        Assert.Equal($"{kind} is Nesterov momentum and needs mu > 0", error.Problem);
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("  ", 2)]
    public void An_empty_spec_is_rejected(string spec, int position)
    {
        var error = Rejected(spec);

        Assert.Equal(position, error.Position);
        Assert.Equal("expected an optimizer name, found end of spec", error.Problem);
    }

    [Theory]
    [InlineData("sgd", "sgd needs 'lr'")]
    [InlineData("sgd_hd(beta=0.01)", "sgd_hd needs 'lr'")]
    [InlineData("sgd / none", "sgd needs 'alpha'")]
    public void Sgd_has_no_default_rate(string spec, string problem) => Assert.Equal(problem, Rejected(spec).Problem);

    [Theory]
    [InlineData("sgd(0.1, 0.9)", 9, "sgd takes at most 1 positional argument(s) (lr); name the others")]
    [InlineData("adam(0.1, 0.9) / none", 10, "adam takes at most 1 positional argument(s) (alpha); name the others")]
    public void Only_the_first_argument_may_be_positional(string spec, int position, string problem)
    {
        var error = Rejected(spec);

        Assert.Equal(position, error.Position);
        Assert.Equal(problem, error.Problem);
    }
}
