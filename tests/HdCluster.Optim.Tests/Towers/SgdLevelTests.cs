namespace HdCluster.Optim.Tests.Towers;

/// <summary>gdtuo's SGD as a tower level, on <c>0.5 * (p0^2 + 2 p1^2)</c> from <c>[1, -1]</c>.</summary>
public sealed class SgdLevelTests
{
    private static readonly double[] A = [1.0, 2.0];
    private static readonly double[] P0 = [1.0, -1.0];

    [Fact]
    public void Level_two_leaves_alpha_unchanged_on_step_one_because_no_hypergradient_exists_yet()
    {
        using var scope = torch.NewDisposeScope();
        using var w = new Quadratic("w", A, P0);
        using var tower = Train.Create("sgd(alpha=0.1) / sgd(alpha=0.01)", w);

        Train.Step(tower, w);

        Assert.Equal(0.1, tower.Hyper("L1.alpha"));
        Expect.Close(P0.Minus(w.Gradient(P0).Times(0.1)), w.Values);
    }

    [Fact]
    public void Level_two_moves_alpha_on_step_two_by_minus_kappa_times_its_hypergradient_minus_dot_g2_g1()
    {
        const double Alpha = 0.1, Kappa = 0.01;
        using var scope = torch.NewDisposeScope();
        using var w = new Quadratic("w", A, P0);
        using var tower = Train.Create($"sgd(alpha={Alpha}) / sgd(alpha={Kappa})", w);

        Train.Step(tower, w);
        Train.Step(tower, w);

        var g1 = w.Gradient(P0);
        var p1 = P0.Minus(g1.Times(Alpha));
        var g2 = w.Gradient(p1);
        var hypergradient = -g2.Dot(g1);
        var alpha = Alpha - (Kappa * hypergradient);
        Expect.Close(alpha, tower.Hyper("L1.alpha"), "L1.alpha");
        Expect.Close(p1.Minus(g2.Times(alpha)), w.Values);
        Assert.Equal(Kappa, tower.Hyper("L2.alpha"));
    }

    [Fact]
    public void A_level_with_momentum_starts_its_buffer_at_the_gradient()
    {
        using var scope = torch.NewDisposeScope();
        using var w = new Quadratic("w", A, P0);
        using var tower = Train.Create("sgd(alpha=0.1, mu=0.5) / none", w);

        Train.Step(tower, w);
        var g0 = w.Gradient(P0);
        var p1 = P0.Minus(g0.Times(0.1));
        Expect.Close(p1, w.Values, "after step 1");

        Train.Step(tower, w);
        var buffer = g0.Times(0.5).Plus(w.Gradient(p1));
        Expect.Close(p1.Minus(buffer.Times(0.1)), w.Values, "after step 2");
    }

    [Fact]
    public void A_tower_closed_by_none_keeps_its_hyperparameters_fixed()
    {
        using var scope = torch.NewDisposeScope();
        using var w = new Quadratic("w", A, P0);
        using var tower = Train.Create("sgd(alpha=0.1, mu=0.5) / none", w);

        for (var t = 0; t < 3; t++)
        {
            Train.Step(tower, w);
        }

        Assert.Equal(new[] { 0.1, 0.5 }, tower.ReadHyperparameters());
    }
}
