namespace HdCluster.Optim.Tests.Towers;

/// <summary>gdtuo's AdaGrad as a tower level.</summary>
public sealed class AdaGradLevelTests
{
    private const double Alpha = 0.1, Eps = 1e-10;
    private static readonly double[] A = [1.0, 4.0];
    private static readonly double[] P0 = [1.0, -0.5];

    [Fact]
    public void The_sum_of_squared_gradients_starts_at_0_1()
    {
        using var scope = torch.NewDisposeScope();
        using var w = new Quadratic("w", A, P0);
        using var tower = Train.Create($"adagrad(alpha={Alpha}) / none", w);
        var (p, sumSq) = (P0, new[] { 0.1, 0.1 });

        for (var t = 1; t <= 2; t++)
        {
            Train.Step(tower, w);
            var g = w.Gradient(p);
            sumSq = sumSq.Plus(g.Times(g));
            p = p.Minus(g.DividedBy(sumSq.Map(s => Math.Sqrt(s + Eps))).Times(Alpha));
            Expect.Close(p, w.Values, $"step {t}");
        }
    }

    [Fact]
    public void A_level_above_learns_alpha_from_step_two()
    {
        const double Kappa = 0.01;
        using var scope = torch.NewDisposeScope();
        using var w = new Quadratic("w", A, P0);
        using var tower = Train.Create($"adagrad(alpha={Alpha}) / sgd(alpha={Kappa})", w);

        Train.Step(tower, w);
        Assert.Equal(Alpha, tower.Hyper("L1.alpha"));
        Train.Step(tower, w);

        var g1 = w.Gradient(P0);
        var direction = g1.DividedBy(g1.Map(g => Math.Sqrt(0.1 + (g * g) + Eps)));
        var g2 = w.Gradient(P0.Minus(direction.Times(Alpha)));
        Expect.Close(Alpha - (Kappa * -g2.Dot(direction)), tower.Hyper("L1.alpha"));
    }
}
