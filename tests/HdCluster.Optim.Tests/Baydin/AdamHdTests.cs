namespace HdCluster.Optim.Tests.Baydin;

/// <summary>
/// Adam (torch.optim.Adam) and Adam-HD (the authors' AdamHD) against updates computed by hand. eps is 0.01,
/// large enough that the two eps conventions give visibly different steps.
/// </summary>
public sealed class AdamHdTests
{
    private const double Lr = 0.1, B1 = 0.8, B2 = 0.9, Eps = 0.01;
    private const string Betas = "beta1=0.8, beta2=0.9, eps=0.01";

    // Two tensors: w1 = [1, -0.5] under curvature [1, 4] and w2 = [0.75] under curvature [2]. On step 2 each
    // tensor has its own hypergradient h1, h2; the two orders differ in which rate w1 is stepped with.
    private const double TwoTensorBeta = 0.01;
    private static readonly double[] A = [1.0, 4.0];
    private static readonly double[] P0 = [1.0, -0.5];

    [Fact]
    public void Adam_adds_eps_after_dividing_the_root_of_v_by_its_bias_correction_as_torch_does()
    {
        using var scope = torch.NewDisposeScope();
        using var w = new Quadratic("w", A, P0);
        using var adam = Train.Create($"adam(lr={Lr}, {Betas})", w);
        var (p, m, v) = (P0, Vec.Zeros(2), Vec.Zeros(2));

        for (var t = 1; t <= 3; t++)
        {
            Train.Step(adam, w);
            var g = w.Gradient(p);
            m = m.Times(B1).Plus(g.Times(1 - B1));
            v = v.Times(B2).Plus(g.Times(g).Times(1 - B2));
            var (bc1, bc2) = (1 - Math.Pow(B1, t), 1 - Math.Pow(B2, t));
            p = p.Minus(m.DividedBy(v.Map(x => (Math.Sqrt(x) / Math.Sqrt(bc2)) + Eps)).Times(Lr / bc1));
            Expect.Close(p, w.Values, $"step {t}");
        }

        Assert.Equal(Lr, adam.Hyper("L1.lr"));
    }

    [Fact]
    public void Adam_with_sqrt_decay_scales_step_t_by_one_over_the_root_of_t()
    {
        using var scope = torch.NewDisposeScope();
        using var w = new Quadratic("w", A, P0);
        using var adam = Train.Create($"adam(lr={Lr}, {Betas}, sqrt_decay=true)", w);
        var (p, m, v) = (P0, Vec.Zeros(2), Vec.Zeros(2));

        for (var t = 1; t <= 3; t++)
        {
            Train.Step(adam, w);
            var g = w.Gradient(p);
            m = m.Times(B1).Plus(g.Times(1 - B1));
            v = v.Times(B2).Plus(g.Times(g).Times(1 - B2));
            var (bc1, bc2) = (1 - Math.Pow(B1, t), 1 - Math.Pow(B2, t));
            p = p.Minus(m.DividedBy(v.Map(x => (Math.Sqrt(x) / Math.Sqrt(bc2)) + Eps)).Times(Lr / Math.Sqrt(t) / bc1));
            Expect.Close(p, w.Values, $"step {t}");
        }
    }

    [Fact]
    public void Adam_hd_adds_eps_to_the_root_of_v_and_moves_the_bias_correction_into_the_step_size()
    {
        using var scope = torch.NewDisposeScope();
        using var w = new Quadratic("w", A, P0);
        using var adamHd = Train.Create($"adam_hd(lr={Lr}, beta=0.01, {Betas})", w);

        Train.Step(adamHd, w);

        var g = w.Gradient(P0);
        var (m, v) = (g.Times(1 - B1), g.Times(g).Times(1 - B2));
        var stepSize = Lr * Math.Sqrt(1 - B2) / (1 - B1);
        Expect.Close(P0.Minus(m.DividedBy(v.Map(x => Math.Sqrt(x) + Eps)).Times(stepSize)), w.Values);
    }

    [Fact]
    public void Adam_hd_leaves_the_rate_unchanged_on_the_first_step()
    {
        using var scope = torch.NewDisposeScope();
        using var w = new Quadratic("w", A, P0);
        using var adamHd = Train.Create($"adam_hd(lr={Lr}, beta=0.01, {Betas})", w);

        Train.Step(adamHd, w);

        Assert.Equal(Lr, adamHd.Hyper("L1.lr"));
    }

    [Fact]
    public void Adam_hd_moves_the_rate_from_the_second_step_by_beta_times_the_bias_corrected_dot_with_the_last_direction()
    {
        const double Beta = 0.01;
        using var scope = torch.NewDisposeScope();
        using var w = new Quadratic("w", A, P0);
        using var adamHd = Train.Create($"adam_hd(lr={Lr}, beta={Beta}, {Betas})", w);
        var hand = new AdamHdByHand(P0);
        var lr = Lr;

        for (var t = 1; t <= 3; t++)
        {
            Train.Step(adamHd, w);
            var g = w.Gradient(hand.P);
            if (t > 1)
            {
                lr += Beta * hand.Hypergradient(g, t - 1);
            }

            hand.Step(g, lr, t);
            Expect.Close(lr, adamHd.Hyper("L1.lr"), $"lr after step {t}");
            Expect.Close(hand.P, w.Values, $"step {t}");
        }

        Assert.True(Math.Abs(lr - Lr) > 1e-6, $"the rate did not move: {lr:R}");
    }

    [Fact]
    public void Adam_hd_with_sqrt_decay_carries_the_last_steps_decay_into_the_hypergradient()
    {
        const double Beta = 0.01;
        using var scope = torch.NewDisposeScope();
        using var w = new Quadratic("w", A, P0);
        using var adamHd = Train.Create($"adam_hd(lr={Lr}, beta={Beta}, {Betas}, sqrt_decay=true)", w);
        var hand = new AdamHdByHand(P0);
        var lr = Lr;

        for (var t = 1; t <= 3; t++)
        {
            Train.Step(adamHd, w);
            var g = w.Gradient(hand.P);
            if (t > 1)
            {
                lr += Beta * hand.Hypergradient(g, t - 1) / Math.Sqrt(t - 1);
            }

            hand.Step(g, lr / Math.Sqrt(t), t);
            Expect.Close(lr, adamHd.Hyper("L1.lr"), $"lr after step {t}");
            Expect.Close(hand.P, w.Values, $"step {t}");
        }
    }

    [Fact]
    public void Adam_hd_by_default_updates_the_rate_tensor_by_tensor_so_w1_steps_before_h2_is_added()
    {
        var (lr, w1, w2) = TwoTensorsAfterTwoSteps(joint: false);

        var (hand1, hand2) = (new AdamHdByHand(P0), new AdamHdByHand([0.75]));
        var (g1, g2) = (hand1.P.Times(A), hand2.P.Times([2.0]));
        hand1.Step(g1, Lr, 1);
        hand2.Step(g2, Lr, 1);
        (g1, g2) = (hand1.P.Times(A), hand2.P.Times([2.0]));
        var lrForW1 = Lr + (TwoTensorBeta * hand1.Hypergradient(g1, 1));
        var lrForW2 = lrForW1 + (TwoTensorBeta * hand2.Hypergradient(g2, 1));
        hand1.Step(g1, lrForW1, 2);
        hand2.Step(g2, lrForW2, 2);

        Expect.Close(lrForW2, lr, "lr");
        Expect.Close(hand1.P, w1, "w1");
        Expect.Close(hand2.P, w2, "w2");
    }

    [Fact]
    public void Adam_hd_with_joint_true_adds_both_hypergradients_before_stepping_any_tensor()
    {
        var (lr, w1, w2) = TwoTensorsAfterTwoSteps(joint: true);

        var (hand1, hand2) = (new AdamHdByHand(P0), new AdamHdByHand([0.75]));
        var (g1, g2) = (hand1.P.Times(A), hand2.P.Times([2.0]));
        hand1.Step(g1, Lr, 1);
        hand2.Step(g2, Lr, 1);
        (g1, g2) = (hand1.P.Times(A), hand2.P.Times([2.0]));
        var lrForBoth = Lr + (TwoTensorBeta * (hand1.Hypergradient(g1, 1) + hand2.Hypergradient(g2, 1)));
        hand1.Step(g1, lrForBoth, 2);
        hand2.Step(g2, lrForBoth, 2);

        Expect.Close(lrForBoth, lr, "lr");
        Expect.Close(hand1.P, w1, "w1");
        Expect.Close(hand2.P, w2, "w2");
    }

    [Fact]
    public void Joint_and_tensor_by_tensor_reach_the_same_rate_but_step_the_first_tensor_differently()
    {
        var byTensor = TwoTensorsAfterTwoSteps(joint: false);
        var joint = TwoTensorsAfterTwoSteps(joint: true);

        Expect.Close(byTensor.Lr, joint.Lr, "lr");
        Expect.Close(byTensor.W2, joint.W2, "w2");
        Assert.True(Math.Abs(byTensor.W1[0] - joint.W1[0]) > 1e-6, $"w1 moved the same: {byTensor.W1[0]:R} vs {joint.W1[0]:R}");
    }

    private static (double Lr, double[] W1, double[] W2) TwoTensorsAfterTwoSteps(bool joint)
    {
        using var scope = torch.NewDisposeScope();
        using var w1 = new Quadratic("w1", A, P0);
        using var w2 = new Quadratic("w2", [2.0], [0.75]);
        using var adamHd = Train.Create($"adam_hd(lr={Lr}, beta={TwoTensorBeta}, {Betas}, joint={(joint ? "true" : "false")})", w1, w2);
        Train.Step(adamHd, w1, w2);
        Train.Step(adamHd, w1, w2);
        return (adamHd.Hyper("L1.lr"), w1.Values, w2.Values);
    }

    /// <summary>The authors' AdamHD on one tensor, in doubles.</summary>
    private sealed class AdamHdByHand(double[] start)
    {
        private double[] m = Vec.Zeros(start.Length);
        private double[] v = Vec.Zeros(start.Length);

        public double[] P { get; private set; } = start;

        /// <summary><c>dot(g_t, m/(sqrt(v)+eps)) * sqrt(1-beta2^(t-1)) / (1-beta1^(t-1))</c>, before the moments move on.</summary>
        public double Hypergradient(double[] g, int previousStep) =>
            g.Dot(m.DividedBy(v.Map(x => Math.Sqrt(x) + Eps))) * Math.Sqrt(1 - Math.Pow(B2, previousStep)) / (1 - Math.Pow(B1, previousStep));

        /// <summary><c>p -= lr * sqrt(1-beta2^t)/(1-beta1^t) * m/(sqrt(v)+eps)</c>.</summary>
        public void Step(double[] g, double lr, int t)
        {
            m = m.Times(B1).Plus(g.Times(1 - B1));
            v = v.Times(B2).Plus(g.Times(g).Times(1 - B2));
            P = P.Minus(m.DividedBy(v.Map(x => Math.Sqrt(x) + Eps)).Times(lr * Math.Sqrt(1 - Math.Pow(B2, t)) / (1 - Math.Pow(B1, t))));
        }
    }
}
