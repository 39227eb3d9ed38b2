namespace HdCluster.Optim.Tests;

/// <summary>Checkpointing: a fresh optimizer that loads another's <see cref="Optimizer.StateDict"/>, or replays
/// its <see cref="Optimizer.LastUpdateSnapshot"/>, continues where that one stopped.</summary>
public sealed class StateDictTests
{
    private static readonly double[] A = [1.0, 4.0];
    private static readonly double[] P0 = [1.0, -0.5];

    [Theory]
    [InlineData("sgdn_hd(lr=0.1, beta=0.001, mu=0.5, wd=0.01)")]
    [InlineData("sgd_hd(lr=0.1, beta=0.001, mu=0.5)")]
    [InlineData("adam_hd(lr=0.1, beta=0.01, beta1=0.8, beta2=0.9, wd=0.01)")]
    [InlineData("adam_hd(lr=0.1, beta=0.01, joint=true, sqrt_decay=true)")]
    [InlineData("adam(lr=0.1)")]
    public void A_baydin_optimizer_resumed_from_its_state_dict_takes_the_identical_next_step(string spec)
    {
        using var scope = torch.NewDisposeScope();
        using var w1 = new Quadratic("w1", A, P0);
        using var w2 = new Quadratic("w2", [2.0], [0.75]);
        using var original = Train.Create(spec, w1, w2);
        Train.Step(original, w1, w2);
        Train.Step(original, w1, w2);

        using var copy1 = new Quadratic("w1", A, w1.Values);
        using var copy2 = new Quadratic("w2", [2.0], w2.Values);
        using var resumed = Train.Create(spec, copy1, copy2);
        resumed.LoadStateDict(original.StateDict());
        Train.Step(original, w1, w2);
        Train.Step(resumed, copy1, copy2);

        Assert.Equal(3, resumed.StepCount);
        Assert.Equal(original.ReadHyperparameters(), resumed.ReadHyperparameters());
        Assert.Equal(w1.Values, copy1.Values);
        Assert.Equal(w2.Values, copy2.Values);
    }

    [Theory]
    [InlineData("sgd(alpha=0.1, mu=0.5) / none")]
    [InlineData("adam(alpha=0.1, beta1=0.8, beta2=0.9) / none")]
    [InlineData("rmsprop(alpha=0.01) / none")]
    [InlineData("adagrad(alpha=0.1) / none")]
    public void A_tower_with_fixed_hyperparameters_resumed_from_its_state_dict_takes_the_identical_next_step(string spec)
    {
        using var scope = torch.NewDisposeScope();
        using var w = new Quadratic("w", A, P0);
        using var original = Train.Create(spec, w);
        Train.Step(original, w);
        Train.Step(original, w);

        using var copy = new Quadratic("w", A, w.Values);
        using var resumed = Train.Create(spec, copy);
        resumed.LoadStateDict(original.StateDict());
        Train.Step(original, w);
        Train.Step(resumed, copy);

        Assert.Equal(3, resumed.StepCount);
        Assert.Equal(original.ReadHyperparameters(), resumed.ReadHyperparameters());
        Assert.Equal(w.Values, copy.Values);
    }

    [Fact]
    public void A_learned_tower_resumes_with_the_same_values_but_as_documented_a_zero_first_hypergradient()
    {
        const double Kappa = 0.01;
        using var scope = torch.NewDisposeScope();
        using var w = new Quadratic("w", A, P0);
        using var original = Train.Create($"sgd(alpha=0.1) / sgd(alpha={Kappa})", w);
        Train.Step(original, w);
        Train.Step(original, w);
        var alpha = original.Hyper("L1.alpha");

        using var copy = new Quadratic("w", A, w.Values);
        using var resumed = Train.Create($"sgd(alpha=0.1) / sgd(alpha={Kappa})", copy);
        resumed.LoadStateDict(original.StateDict());
        Assert.Equal(original.ReadHyperparameters(), resumed.ReadHyperparameters());

        // The restored alpha has no autograd link to the update that produced the current weights, so the
        // step after a restore is plain SGD with the restored alpha; the original moves alpha first.
        var p = copy.Values;
        var g = copy.Gradient(p);
        Train.Step(resumed, copy);
        Train.Step(original, w);
        Assert.Equal(alpha, resumed.Hyper("L1.alpha"));
        Expect.Close(p.Minus(g.Times(alpha)), copy.Values);
        Assert.NotEqual(alpha, original.Hyper("L1.alpha"));

        // One update later the link is back, and alpha learns again.
        var next = copy.Gradient(copy.Values);
        Train.Step(resumed, copy);
        Expect.Close(alpha - (Kappa * -next.Dot(g)), resumed.Hyper("L1.alpha"), "L1.alpha after the second resumed step");
    }

    [Theory]
    [InlineData("sgd(alpha=0.1) / sgd(alpha=0.01)")]
    [InlineData("sgd(alpha=0.1) / sgd(alpha=0.01) / sgd(alpha=0.001)")]
    [InlineData("adam(alpha=0.1) / sgd(alpha=0.01)")]
    [InlineData("rmsprop(alpha=0.01) / adam(alpha=0.001)")]
    [InlineData("sgdn_hd(lr=0.1, beta=0.001)")]
    [InlineData("adam_hd(lr=0.1, beta=0.01)")]
    public void Replaying_the_last_update_snapshot_resumes_exactly_with_the_hypergradient_link_intact(string spec)
    {
        using var scope = torch.NewDisposeScope();
        using var w1 = new Quadratic("w1", A, P0);
        using var w2 = new Quadratic("w2", [2.0], [0.75]);
        using var original = Train.Create(spec, w1, w2);
        Train.Step(original, w1, w2);
        original.CaptureNextUpdate = true;
        Train.Step(original, w1, w2);

        using var copy1 = new Quadratic("w1", A, P0);
        using var copy2 = new Quadratic("w2", [2.0], [0.75]);
        using var resumed = Train.Create(spec, copy1, copy2);
        resumed.ReplayUpdate(original.LastUpdateSnapshot!);
        Assert.Equal(w1.Values, copy1.Values);

        for (var t = 3; t <= 4; t++)
        {
            Train.Step(original, w1, w2);
            Train.Step(resumed, copy1, copy2);
            Assert.Equal(original.ReadHyperparameters(), resumed.ReadHyperparameters());
            Assert.Equal(w1.Values, copy1.Values);
            Assert.Equal(w2.Values, copy2.Values);
        }
    }

    [Theory]
    [InlineData("sgd_hd(lr=0.1)", "lr")]
    [InlineData("sgdn_hd(lr=0.1)", "step")]
    [InlineData("adam_hd", "exp_avg.w")]
    [InlineData("adam", "exp_avg_sq.w")]
    [InlineData("sgd(0.1) / sgd(0.01)", "L2.hyper.alpha")]
    [InlineData("adam(0.1) / sgd(0.01)", "L1.steps")]
    [InlineData("rmsprop(0.01) / none", "step")]
    public void Loading_a_state_dict_without_a_required_entry_names_it_in_an_ArgumentException(string spec, string key)
    {
        using var scope = torch.NewDisposeScope();
        using var w = new Quadratic("w", A, P0);
        using var original = Train.Create(spec, w);
        Train.Step(original, w);
        var state = original.StateDict();
        Assert.True(state.Remove(key), $"the state dict of {spec} has no '{key}': [{string.Join(", ", state.Keys)}]");

        using var copy = new Quadratic("w", A, P0);
        using var resumed = Train.Create(spec, copy);
        var error = Assert.Throws<ArgumentException>(() => resumed.LoadStateDict(state));

        Assert.Contains($"'{key}'", error.Message);
        Assert.Equal("state", error.ParamName);
    }
}
