namespace HdCluster.Optim.Tests;

/// <summary>A step whose loss, gradients or hyperparameters are not finite ends training with
/// <see cref="TrainingDivergedException"/>, naming the step and the first quantity that broke; nothing else does.</summary>
public sealed class DivergenceTests
{
    [Fact]
    public void A_loss_that_overflows_to_infinity_is_reported_as_the_loss_at_its_step()
    {
        // p: 1 -> -1e100 -> ~1e200; on step 3 the loss 0.5 p^2 overflows while the gradient p is still finite.
        using var scope = torch.NewDisposeScope();
        using var w = new Quadratic("w", [1.0], [1.0]);
        using var sgd = Train.Create("sgd(lr=1e100)", w);
        Train.Step(sgd, w);
        Train.Step(sgd, w);

        var diverged = Assert.Throws<TrainingDivergedException>(() => Train.Step(sgd, w));

        Assert.Equal(3, diverged.Step);
        Assert.Equal("loss", diverged.Quantity);
        Assert.Equal("diverged at step 3: loss is not finite", diverged.Message);
    }

    [Fact]
    public void An_update_that_overflows_a_parameter_is_reported_at_that_step_not_the_next()
    {
        // Loss and gradient are finite at step 1, but p - 1e300 * 1e10 overflows the parameter itself.
        using var scope = torch.NewDisposeScope();
        using var w = new Quadratic("w", [1e10], [1.0]);
        using var sgd = Train.Create("sgd(lr=1e300)", w);

        var diverged = Assert.Throws<TrainingDivergedException>(() => Train.Step(sgd, w));

        Assert.Equal(1, diverged.Step);
        Assert.Equal("parameter w", diverged.Quantity);
    }

    [Fact]
    public void A_loss_that_becomes_nan_is_reported_as_the_loss()
    {
        // sqrt(p) with p: 1 -> 1 - 10 * 0.5 = -4, so step 2's loss is NaN.
        using var scope = torch.NewDisposeScope();
        using var w = new Quadratic("w", [1.0], [1.0]);
        using var sgd = Train.Create("sgd(lr=10)", w);
        Tensor Loss() => w.Slot.Value.sqrt().sum();
        Train.Step(sgd, Loss);

        var diverged = Assert.Throws<TrainingDivergedException>(() => Train.Step(sgd, Loss));

        Assert.Equal(2, diverged.Step);
        Assert.Equal("loss", diverged.Quantity);
    }

    [Fact]
    public void A_nan_gradient_under_a_finite_loss_is_reported_with_the_parameters_name()
    {
        // 0 * sqrt(w) at w = 0: the loss is 0, but its gradient 0 / (2 sqrt(0)) is NaN.
        using var scope = torch.NewDisposeScope();
        using var bias = new Quadratic("layers.0.bias", [1.0], [1.0]);
        using var weight = new Quadratic("layers.0.weight", [1.0], [0.0]);
        using var sgd = Train.Create("sgd(0.1)", bias, weight);

        var diverged = Assert.Throws<TrainingDivergedException>(
            () => Train.Step(sgd, () => bias.Loss() + (weight.Slot.Value.sqrt() * 0.0).sum()));

        Assert.Equal(1, diverged.Step);
        Assert.Equal("gradient of layers.0.weight", diverged.Quantity);
    }

    [Fact]
    public void A_learning_rate_that_hypergradient_descent_drives_to_infinity_is_reported_as_L1_lr()
    {
        // Step 2: lr = 0.1 + 1e308 * dot(g2, g1) = 0.1 + 1e308 * 2.7 * 3, which overflows.
        using var scope = torch.NewDisposeScope();
        using var w = new Quadratic("w", [1.0], [3.0]);
        using var sgdHd = Train.Create("sgd_hd(lr=0.1, beta=1e308)", w);
        Train.Step(sgdHd, w);

        var diverged = Assert.Throws<TrainingDivergedException>(() => Train.Step(sgdHd, w));

        Assert.Equal(2, diverged.Step);
        Assert.Equal("L1.lr", diverged.Quantity);
    }

    [Fact]
    public void A_tower_hyperparameter_that_goes_infinite_is_reported_by_its_name()
    {
        using var scope = torch.NewDisposeScope();
        using var w = new Quadratic("w", [1.0], [3.0]);
        using var tower = Train.Create("sgd(0.1) / sgd(1e308)", w);
        Train.Step(tower, w);

        var diverged = Assert.Throws<TrainingDivergedException>(() => Train.Step(tower, w));

        Assert.Equal(2, diverged.Step);
        Assert.Equal("L1.alpha", diverged.Quantity);
    }

    [Fact]
    public void A_learning_rate_that_hypergradient_descent_drives_negative_is_not_divergence()
    {
        // lr = 1.9 overshoots, so g2 . g1 < 0 and a large beta pushes the rate below zero.
        using var scope = torch.NewDisposeScope();
        using var w = new Quadratic("w", [1.0], [1.0]);
        using var sgdHd = Train.Create("sgd_hd(lr=1.9, beta=10)", w);

        Train.Step(sgdHd, w);
        Train.Step(sgdHd, w);

        Assert.True(sgdHd.Hyper("L1.lr") < 0);
    }

    [Theory]
    [InlineData("sgd(0.1)")]
    [InlineData("sgd(0.1, mu=0.9, wd=1e-4)")]
    [InlineData("sgdn(0.05)")]
    [InlineData("sgd_hd(0.1, beta=1e-3)")]
    [InlineData("sgdn_hd(0.05, beta=1e-3, wd=1e-4)")]
    [InlineData("adam(0.05)")]
    [InlineData("adam_hd(0.05, beta=1e-4, joint=true)")]
    [InlineData("adam_hd(0.05, beta=1e-4, sqrt_decay=true)")]
    [InlineData("sgd(0.1) / sgd(1e-3)")]
    [InlineData("sgd(0.1, mu=0.5) / adam(1e-4) / none")]
    [InlineData("adam(0.05) / sgd(1e-4) / sgd(auto)")]
    [InlineData("adam_baydin(0.05) / sgd(1e-5)")]
    [InlineData("adagrad(0.1) / sgd(1e-3)")]
    [InlineData("rmsprop(0.01) / adam(1e-4)")]
    public void Well_behaved_training_never_throws_and_lowers_the_loss(string spec)
    {
        using var scope = torch.NewDisposeScope();
        using var w1 = new Quadratic("w1", [1.0, 2.0], [1.0, -1.0]);
        using var w2 = new Quadratic("w2", [0.5], [2.0]);
        using var optimizer = Train.Create(spec, w1, w2);
        var start = (w1.Loss() + w2.Loss()).item();

        for (var t = 0; t < 10; t++)
        {
            Train.Step(optimizer, w1, w2);
        }

        Assert.All(optimizer.ReadHyperparameters(), h => Assert.True(double.IsFinite(h)));
        Assert.True((w1.Loss() + w2.Loss()).item() < start, $"{spec} did not lower the loss");
        Assert.Equal(10, optimizer.StepCount);
    }
}
