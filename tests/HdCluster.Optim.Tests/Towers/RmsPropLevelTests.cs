using HdCluster.Optim.Towers;

namespace HdCluster.Optim.Tests.Towers;

/// <summary>gdtuo's RMSProp as a tower level: alpha stored as its square root, gamma through the tanh squash.</summary>
public sealed class RmsPropLevelTests
{
    private const double Alpha = 0.04, Gamma = 0.9, Eps = 1e-8, Kappa = 0.1;
    private const string Level = "rmsprop(alpha=0.04, gamma=0.9)";
    private static readonly double[] A = [1.0, 4.0];
    private static readonly double[] P0 = [1.0, -0.5];

    [Fact]
    public void The_square_average_starts_at_zero_and_decays_by_gamma()
    {
        using var scope = torch.NewDisposeScope();
        using var w = new Quadratic("w", A, P0);
        using var tower = Train.Create($"{Level} / none", w);
        var (p, s) = (P0, Vec.Zeros(2));

        for (var t = 1; t <= 3; t++)
        {
            Train.Step(tower, w);
            var g = w.Gradient(p);
            s = s.Times(Gamma).Plus(g.Times(g).Times(1 - Gamma));
            p = p.Minus(g.DividedBy(s.Map(x => Math.Sqrt(x + Eps))).Times(Alpha));
            Expect.Close(p, w.Values, $"step {t}");
        }
    }

    [Fact]
    public void Alpha_is_stored_as_its_square_root_and_reported_squared_back()
    {
        using var scope = torch.NewDisposeScope();
        using var w = new Quadratic("w", A, P0);
        using var optimizer = Train.Create($"{Level} / none", w);
        var tower = Assert.IsType<TowerOptimizer>(optimizer);

        Expect.Close(Math.Sqrt(Alpha), tower.Levels[0].Hyperparameters[0].Value.item(), "stored");
        Expect.Close(new[] { Alpha, Gamma }, tower.ReadHyperparameters(), "reported");
    }

    [Fact]
    public void A_level_above_learns_the_root_of_alpha_and_the_atanh_of_gamma()
    {
        using var scope = torch.NewDisposeScope();
        using var w = new Quadratic("w", A, P0);
        using var tower = Train.Create($"{Level} / sgd(alpha={Kappa})", w);

        Train.Step(tower, w);
        Train.Step(tower, w);

        var g1 = w.Gradient(P0);
        var s1 = g1.Times(g1).Times(1 - Gamma);
        var p1 = P0.Minus(g1.DividedBy(s1.Map(x => Math.Sqrt(x + Eps))).Times(Alpha));
        var g2 = w.Gradient(p1);

        // p1 = p0 - r^2 g / sqrt(s + eps) with s = (1 - gamma) g^2 and gamma = (tanh(x) + 1) / 2.
        var dLossByAlpha = -g2.Dot(g1.DividedBy(s1.Map(x => Math.Sqrt(x + Eps))));
        var root = Math.Sqrt(Alpha) - (Kappa * dLossByAlpha * 2 * Math.Sqrt(Alpha));
        var dp1ByGamma = g1.Times(g1).Times(g1).DividedBy(s1.Map(x => Math.Pow(x + Eps, 1.5))).Times(-0.5 * Alpha);
        var dLossByGamma = g2.Dot(dp1ByGamma);
        var x = Math.Atanh((2 * Gamma) - 1) - (Kappa * dLossByGamma * 2 * Gamma * (1 - Gamma));

        Expect.Close(root * root, tower.Hyper("L1.alpha"), "L1.alpha");
        Expect.Close((Math.Tanh(x) + 1) / 2, tower.Hyper("L1.gamma"), "L1.gamma");
    }
}
