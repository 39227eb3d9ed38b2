namespace HdCluster.Optim.Tests.Baydin;

/// <summary>SGD, SGD with momentum, SGDN and their hypergradient variants (torch.optim.SGD and the authors'
/// SGDHD), each against its update computed by hand on <c>0.5 * (p0^2 + 2 p1^2 + 3 p2^2)</c>.</summary>
public sealed class SgdHdTests
{
    private static readonly double[] A = [1.0, 2.0, 3.0];
    private static readonly double[] P0 = [1.0, -2.0, 0.5];

    [Fact]
    public void Sgd_subtracts_lr_times_the_gradient_with_weight_decay_added()
    {
        using var scope = torch.NewDisposeScope();
        using var w = new Quadratic("w", A, P0);
        using var sgd = Train.Create("sgd(lr=0.1, wd=0.01)", w);

        Train.Step(sgd, w);
        var g0 = w.Gradient(P0).Plus(P0.Times(0.01));
        var p1 = P0.Minus(g0.Times(0.1));
        Expect.Close(p1, w.Values);

        Train.Step(sgd, w);
        var g1 = w.Gradient(p1).Plus(p1.Times(0.01));
        var p2 = p1.Minus(g1.Times(0.1));
        Expect.Close(p2, w.Values);
    }

    [Fact]
    public void Sgd_keeps_its_rate_fixed()
    {
        using var scope = torch.NewDisposeScope();
        using var w = new Quadratic("w", A, P0);
        using var sgd = Train.Create("sgd(lr=0.1, mu=0.9)", w);

        for (var t = 0; t < 3; t++)
        {
            Train.Step(sgd, w);
        }

        Assert.Equal(0.1, sgd.Hyper("L1.lr"));
    }

    [Fact]
    public void Sgd_with_momentum_starts_the_buffer_at_the_first_gradient_then_adds_the_gradient_to_mu_times_it()
    {
        using var scope = torch.NewDisposeScope();
        using var w = new Quadratic("w", A, P0);
        using var sgd = Train.Create("sgd(lr=0.1, mu=0.5)", w);

        Train.Step(sgd, w);
        var g0 = w.Gradient(P0);
        var p1 = P0.Minus(g0.Times(0.1));
        Expect.Close(p1, w.Values);

        Train.Step(sgd, w);
        var buffer = g0.Times(0.5).Plus(w.Gradient(p1));
        var p2 = p1.Minus(buffer.Times(0.1));
        Expect.Close(p2, w.Values);
    }

    [Fact]
    public void Sgdn_steps_along_the_gradient_plus_mu_times_the_updated_buffer()
    {
        using var scope = torch.NewDisposeScope();
        using var w = new Quadratic("w", A, P0);
        using var sgdn = Train.Create("sgdn(lr=0.1, mu=0.5)", w);

        Train.Step(sgdn, w);
        var g0 = w.Gradient(P0);
        var buffer = g0;
        var p1 = P0.Minus(g0.Plus(buffer.Times(0.5)).Times(0.1));
        Expect.Close(p1, w.Values);

        Train.Step(sgdn, w);
        var g1 = w.Gradient(p1);
        buffer = buffer.Times(0.5).Plus(g1);
        var p2 = p1.Minus(g1.Plus(buffer.Times(0.5)).Times(0.1));
        Expect.Close(p2, w.Values);
    }

    [Fact]
    public void Sgd_hd_leaves_the_rate_unchanged_on_the_first_step()
    {
        using var scope = torch.NewDisposeScope();
        using var w = new Quadratic("w", A, P0);
        using var sgdHd = Train.Create("sgd_hd(lr=0.1, beta=0.01)", w);

        Train.Step(sgdHd, w);

        Assert.Equal(0.1, sgdHd.Hyper("L1.lr"));
        Expect.Close(P0.Minus(w.Gradient(P0).Times(0.1)), w.Values);
    }

    [Fact]
    public void Sgd_hd_adds_beta_times_the_dot_of_this_and_the_last_gradient_weight_decay_included()
    {
        const double Lr = 0.1, Beta = 0.001, Wd = 0.1;
        using var scope = torch.NewDisposeScope();
        using var w = new Quadratic("w", A, P0);
        using var sgdHd = Train.Create($"sgd_hd(lr={Lr}, beta={Beta}, wd={Wd})", w);

        Train.Step(sgdHd, w);
        var g0 = w.Gradient(P0).Plus(P0.Times(Wd));
        var p1 = P0.Minus(g0.Times(Lr));

        Train.Step(sgdHd, w);
        var g1 = w.Gradient(p1).Plus(p1.Times(Wd));
        var lr2 = Lr + (Beta * g1.Dot(g0));
        var p2 = p1.Minus(g1.Times(lr2));
        Expect.Close(lr2, sgdHd.Hyper("L1.lr"), "lr after step 2");

        Train.Step(sgdHd, w);
        var g2 = w.Gradient(p2).Plus(p2.Times(Wd));
        var lr3 = lr2 + (Beta * g2.Dot(g1));
        var p3 = p2.Minus(g2.Times(lr3));
        Expect.Close(lr3, sgdHd.Hyper("L1.lr"), "lr after step 3");
        Expect.Close(p3, w.Values);
    }

    [Fact]
    public void Sgd_hd_with_momentum_takes_the_hypergradient_against_the_last_buffer()
    {
        const double Lr = 0.1, Beta = 0.001, Mu = 0.5;
        using var scope = torch.NewDisposeScope();
        using var w = new Quadratic("w", A, P0);
        using var sgdHd = Train.Create($"sgd_hd(lr={Lr}, beta={Beta}, mu={Mu})", w);

        Train.Step(sgdHd, w);
        var buffer1 = w.Gradient(P0);
        var p1 = P0.Minus(buffer1.Times(Lr));

        Train.Step(sgdHd, w);
        var g1 = w.Gradient(p1);
        var lr2 = Lr + (Beta * g1.Dot(buffer1));
        var buffer2 = buffer1.Times(Mu).Plus(g1);
        var p2 = p1.Minus(buffer2.Times(lr2));

        Train.Step(sgdHd, w);
        var g2 = w.Gradient(p2);
        var lr3 = lr2 + (Beta * g2.Dot(buffer2));
        var p3 = p2.Minus(buffer2.Times(Mu).Plus(g2).Times(lr3));
        Expect.Close(lr3, sgdHd.Hyper("L1.lr"), "lr after step 3");
        Expect.Close(p3, w.Values);
    }

    [Fact]
    public void Sgdn_hd_takes_the_hypergradient_against_the_last_nesterov_direction()
    {
        const double Lr = 0.1, Beta = 0.001, Mu = 0.5;
        using var scope = torch.NewDisposeScope();
        using var w = new Quadratic("w", A, P0);
        using var sgdnHd = Train.Create($"sgdn_hd(lr={Lr}, beta={Beta}, mu={Mu})", w);

        Train.Step(sgdnHd, w);
        var g0 = w.Gradient(P0);
        var buffer = g0;
        var d0 = g0.Plus(buffer.Times(Mu));
        var p1 = P0.Minus(d0.Times(Lr));
        Assert.Equal(Lr, sgdnHd.Hyper("L1.lr"));

        Train.Step(sgdnHd, w);
        var g1 = w.Gradient(p1);
        var lr2 = Lr + (Beta * g1.Dot(d0));
        buffer = buffer.Times(Mu).Plus(g1);
        var d1 = g1.Plus(buffer.Times(Mu));
        var p2 = p1.Minus(d1.Times(lr2));
        Expect.Close(lr2, sgdnHd.Hyper("L1.lr"), "lr after step 2");
        Expect.Close(p2, w.Values);
    }
}
