using HdCluster.Optim.Towers;

namespace HdCluster.Optim.Tests.Towers;

/// <summary>gdtuo's Adam as a tower level. eps is 0.01, so that starting v at eps is visible in the step.</summary>
public sealed class AdamLevelTests
{
    private const double Alpha = 0.1, B1 = 0.8, B2 = 0.9, Eps = 0.01, Kappa = 0.1;
    private const string Level = "adam(alpha=0.1, beta1=0.8, beta2=0.9, eps=0.01)";
    private static readonly double[] A = [1.0, 4.0];
    private static readonly double[] P0 = [1.0, -0.5];

    [Fact]
    public void The_second_moment_starts_at_eps_and_the_step_is_alpha_m_hat_over_root_v_hat_plus_eps()
    {
        using var scope = torch.NewDisposeScope();
        using var w = new Quadratic("w", A, P0);
        using var tower = Train.Create($"{Level} / none", w);
        var (p, m, v) = (P0, Vec.Zeros(2), new[] { Eps, Eps });

        for (var t = 1; t <= 3; t++)
        {
            Train.Step(tower, w);
            var g = w.Gradient(p);
            m = m.Times(B1).Plus(g.Times(1 - B1));
            v = v.Times(B2).Plus(g.Times(g).Times(1 - B2));
            var mHat = m.Times(1 / (1 - Math.Pow(B1, t)));
            var vHat = v.Times(1 / (1 - Math.Pow(B2, t)));
            p = p.Minus(mHat.DividedBy(vHat.Map(x => Math.Sqrt(x) + Eps)).Times(Alpha));
            Expect.Close(p, w.Values, $"step {t}");
        }
    }

    [Fact]
    public void The_betas_are_stored_as_atanh_of_2b_minus_1_and_reported_as_given()
    {
        using var scope = torch.NewDisposeScope();
        using var w = new Quadratic("w", A, P0);
        using var optimizer = Train.Create($"{Level} / none", w);
        var tower = Assert.IsType<TowerOptimizer>(optimizer);

        var stored = tower.Levels[0].Hyperparameters.Select(h => h.Value.item()).ToArray();

        Expect.Close(new[] { Alpha, Math.Atanh((2 * B1) - 1), Math.Atanh((2 * B2) - 1) }, stored, "stored");
        Expect.Close(new[] { Alpha, B1, B2 }, tower.ReadHyperparameters(), "reported");
    }

    [Fact]
    public void A_level_above_learns_the_betas_through_the_squash_b_equals_tanh_x_plus_1_over_2()
    {
        using var scope = torch.NewDisposeScope();
        using var w = new Quadratic("w", A, P0);
        using var tower = Train.Create($"{Level} / sgd(alpha={Kappa})", w);

        Train.Step(tower, w);
        Train.Step(tower, w);

        // Step 1: m_hat = g (whatever beta1 is, so beta1's hypergradient is zero) and, with v started at eps,
        // v_hat = eps * beta2 / (1 - beta2) + g^2, so d v_hat / d beta2 = eps / (1 - beta2)^2.
        var g1 = w.Gradient(P0);
        var mHat = g1;
        var root = g1.Map(g => Math.Sqrt((Eps * B2 / (1 - B2)) + (g * g)));
        var direction = mHat.DividedBy(root.Map(r => r + Eps));
        var p1 = P0.Minus(direction.Times(Alpha));
        var g2 = w.Gradient(p1);

        // Step 2: the hypergradients with respect to alpha and to beta2, then chain rule through the squash.
        var dLossByAlpha = -g2.Dot(direction);
        var dp1ByBeta2 = mHat.DividedBy(root.Map(r => (r + Eps) * (r + Eps) * 2 * r)).Times(Alpha * Eps / ((1 - B2) * (1 - B2)));
        var dLossByBeta2 = g2.Dot(dp1ByBeta2);
        var storedBeta2 = Math.Atanh((2 * B2) - 1) - (Kappa * dLossByBeta2 * 2 * B2 * (1 - B2));

        Expect.Close(Alpha - (Kappa * dLossByAlpha), tower.Hyper("L1.alpha"), "L1.alpha");
        Expect.Close((Math.Tanh(storedBeta2) + 1) / 2, tower.Hyper("L1.beta2"), "L1.beta2");
        Expect.Close(B1, tower.Hyper("L1.beta1"), "L1.beta1");
        Assert.True(Math.Abs(tower.Hyper("L1.beta2") - B2) > 1e-5, "beta2 did not move");
    }
}
