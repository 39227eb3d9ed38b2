namespace HdCluster.Experiments.Tests.Optimizers;

/// <summary>What readers of results (reports, tables) take from a parsed spec: method, label, step size, beta.</summary>
public sealed class SpecReadingTests
{
    [Theory]
    [InlineData("sgd_hd(lr=0.01, beta=1e-3)", "SGD-HD")]
    [InlineData("adam(0.001)", "Adam")]
    [InlineData("adam_baydin(1e-3) / sgd(1e-5)", "Adam-Baydin / SGD")]
    [InlineData("sgd(0.1) / rmsprop(auto) / rmsprop(auto)", "SGD / RMSProp ×2")]
    [InlineData("sgd(0.1) / none", "SGD / none")]
    public void The_label_is_the_method_as_papers_print_it(string spec, string label) => Assert.Equal(label, OptimizerSpec.Parse(spec).Label);

    [Theory]
    [InlineData("sgd_hd(lr=0.01, beta=1e-3)", 0.01, 1e-3)]
    [InlineData("sgd(0.5, mu=0.9)", 0.5, null)]
    [InlineData("adam_hd(alpha_0=1e-3, hypergrad_lr=1e-7)", 1e-3, 1e-7)]
    [InlineData("adam", null, null)]
    public void Step_size_and_hypergradient_rate_are_read_as_written(string spec, double? stepSize, double? beta)
    {
        var first = OptimizerSpec.Parse(spec).First;

        Assert.Equal(stepSize, first.StepSize);
        Assert.Equal(beta, first.HypergradientRate);
    }

    [Fact]
    public void A_closing_none_is_not_a_hyperoptimizer()
    {
        var spec = OptimizerSpec.Parse("sgd(0.1) / rmsprop(auto) / none");

        Assert.Equal("sgd", spec.Method);
        Assert.Equal(["rmsprop"], spec.Hyperoptimizers.Select(l => l.Kind));
        Assert.Null(spec.Hyperoptimizers[0].StepSize);
    }
}
