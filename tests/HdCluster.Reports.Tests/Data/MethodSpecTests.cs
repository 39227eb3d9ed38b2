using HdCluster.Reports.Data;

namespace HdCluster.Reports.Tests.Data;

public sealed class MethodSpecTests
{
    [Theory]
    [InlineData("sgd(lr=0.01, wd=1e-4)", "SGD", "sgd", "")]
    [InlineData("sgd_hd(lr=0.001, beta=1e-3, wd=1e-4)", "SGD-HD", "sgd", "HD")]
    [InlineData("sgdn_hd(lr=0.001, beta=1e-3, mu=0.9)", "SGDN-HD", "sgdn", "HD")]
    [InlineData("adam_hd(lr=0.001, beta=1e-7, wd=1e-4)", "Adam-HD", "adam", "HD")]
    [InlineData("adam_baydin(1e-3) / adam(1e-4)", "Adam-Baydin / Adam", "adam", "Adam")]
    public void Methods_are_named_as_the_papers_name_them(string spec, string label, string family, string variant)
    {
        var method = MethodSpec.Parse(spec);

        Assert.Equal(label, method.Label);
        Assert.Equal(family, method.Family);
        Assert.Equal(variant, method.Variant);
    }

    [Fact]
    public void A_tower_is_its_base_and_its_levels_with_repeats_counted()
    {
        var tower = MethodSpec.Parse("sgd(0.1) / rmsprop(auto) / rmsprop(auto) / rmsprop(auto)");

        Assert.Equal("SGD / RMSProp ×3", tower.Label);
        Assert.Equal(3, tower.Hyperoptimizers.Count);
        Assert.False(tower.IsBaseline);
    }

    [Fact]
    public void A_base_closed_with_none_is_the_baseline_of_its_towers()
    {
        var fixedSgd = MethodSpec.Parse("sgd(0.1) / none");

        Assert.Equal("SGD / none", fixedSgd.Label);
        Assert.True(fixedSgd.IsBaseline);
        Assert.Equal("sgd", fixedSgd.Family);
    }

    [Theory]
    [InlineData("sgd_hd(lr=0.001, beta=1e-3)", 0.001, 0.001)]
    [InlineData("adam_hd(alpha=0.01, beta=1E-07)", 0.01, 1e-7)]
    [InlineData("sgd(0.1) / sgd(auto)", 0.1, null)]
    [InlineData("adam(lr={alpha_0})", null, null)]
    public void The_initial_step_size_and_hypergradient_rate_are_read_where_they_are_numbers(string spec, double? alpha, double? beta)
    {
        var method = MethodSpec.Parse(spec);

        Assert.Equal(alpha, method.Alpha);
        Assert.Equal(beta, method.Beta);
    }

    [Fact]
    public void A_spec_the_parser_rejects_is_the_optimizer_it_starts_with()
    {
        var method = MethodSpec.Parse("sgd(lr=1/2) / adam(1e-3)");

        Assert.Equal("SGD", method.Label);
        Assert.Equal("sgd(lr=1/2) / adam(1e-3)", method.Text);
        Assert.Single(method.Levels);
        Assert.Null(method.Alpha);
    }
}
