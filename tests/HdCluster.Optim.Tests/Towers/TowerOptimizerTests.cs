namespace HdCluster.Optim.Tests.Towers;

/// <summary>Towers of any height: level k+1 learns level k's hyperparameters through level k's last update.</summary>
public sealed class TowerOptimizerTests
{
    private static readonly double[] A = [1.0, 2.0];
    private static readonly double[] P0 = [1.0, -1.0];

    [Fact]
    public void In_a_height_three_tower_level_three_moves_level_twos_alpha_on_step_three_and_not_before()
    {
        const double Alpha1 = 0.1, Alpha2 = 0.01, Alpha3 = 0.001;
        using var scope = torch.NewDisposeScope();
        using var w = new Quadratic("w", A, P0);
        using var tower = Train.Create($"sgd({Alpha1}) / sgd({Alpha2}) / sgd({Alpha3})", w);

        Train.Step(tower, w);
        Assert.Equal(Alpha2, tower.Hyper("L2.alpha"));
        var g0 = w.Gradient(P0);
        var p1 = P0.Minus(g0.Times(Alpha1));

        Train.Step(tower, w);
        Assert.Equal(Alpha2, tower.Hyper("L2.alpha"));
        var g1 = w.Gradient(p1);
        var h1 = -g1.Dot(g0);
        var alpha1 = Alpha1 - (Alpha2 * h1);
        var p2 = p1.Minus(g1.Times(alpha1));

        Train.Step(tower, w);
        var g2 = w.Gradient(p2);
        var h2 = -g2.Dot(g1);

        // alpha1 after step 2 is alpha1' - alpha2 * h1, so d loss / d alpha2 = h2 * (-h1).
        var alpha2 = Alpha2 - (Alpha3 * h2 * -h1);
        alpha1 -= alpha2 * h2;
        Expect.Close(alpha2, tower.Hyper("L2.alpha"), "L2.alpha");
        Expect.Close(alpha1, tower.Hyper("L1.alpha"), "L1.alpha");
        Expect.Close(p2.Minus(g2.Times(alpha1)), w.Values);
        Assert.Equal(Alpha3, tower.Hyper("L3.alpha"));
    }

    [Fact]
    public void A_height_fifty_sgd_tower_runs_three_steps_and_reports_fifty_alphas()
    {
        using var scope = torch.NewDisposeScope();
        using var w = new Quadratic("w", A, P0);
        using var tower = Train.Create("sgd(0.1) / " + string.Join(" / ", Enumerable.Repeat("sgd(auto)", 49)), w);

        for (var t = 0; t < 3; t++)
        {
            Train.Step(tower, w);
        }

        var alphas = tower.ReadHyperparameters();
        Assert.Equal(Enumerable.Range(1, 50).Select(k => $"L{k}.alpha"), tower.HyperparameterNames);
        Assert.Equal(50, alphas.Length);
        Assert.All(alphas, a => Assert.True(double.IsFinite(a)));
        Assert.NotEqual(0.1, alphas[0]);
        Assert.NotEqual(0.1 / 200, alphas[1]);

        // Level k+1 first moves level k's alpha on step k, so after three steps levels 3 to 50 are as auto set them.
        Assert.Equal(Enumerable.Range(3, 48).Select(k => 0.1 / (100.0 * k)), alphas.Skip(2));
    }
}
