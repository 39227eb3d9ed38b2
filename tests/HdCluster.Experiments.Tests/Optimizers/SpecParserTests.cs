namespace HdCluster.Experiments.Tests.Optimizers;

/// <summary>The spec grammar: levels separated by '/', each a kind with positional then named arguments.</summary>
public sealed class SpecParserTests
{
    [Fact]
    public void A_level_is_a_kind_with_positional_then_named_arguments()
    {
        var spec = OptimizerSpec.Parse("sgdn_hd(0.001, beta=0.001, mu=0.9, wd=1e-4)");

        var level = Assert.Single(spec.Levels);
        Assert.Equal("sgdn_hd", level.Kind);
        Assert.Equal(0.001, Assert.Single(level.Positional).Number);
        Assert.Equal(new[] { "beta", "mu", "wd" }, level.Named.Keys.Order());
        Assert.Equal(1e-4, level.Named["wd"].Number);
        Assert.False(spec.IsTower);
    }

    [Fact]
    public void Levels_are_separated_by_slashes_with_the_model_level_first()
    {
        var spec = OptimizerSpec.Parse("adam(alpha=1e-3) / sgd(1e-5) / sgd(auto)");

        Assert.True(spec.IsTower);
        Assert.Equal(new[] { "adam", "sgd", "sgd" }, spec.Levels.Select(l => l.Kind));
        Assert.Equal("adam", spec.First.Kind);
        Assert.True(spec.Levels[2].Positional[0].IsAuto);
    }

    [Fact]
    public void A_level_without_parentheses_has_no_arguments()
    {
        var spec = OptimizerSpec.Parse("adam / none");

        Assert.All(spec.Levels, l => Assert.Empty(l.Positional));
        Assert.All(spec.Levels, l => Assert.Empty(l.Named));
    }

    [Fact]
    public void Names_and_words_are_case_insensitive()
    {
        var spec = OptimizerSpec.Parse("ADAM_HD(LR=0.01, Joint=TRUE)");

        Assert.Equal("adam_hd", spec.First.Kind);
        Assert.Equal(0.01, spec.First.Named["lr"].Number);
        Assert.Equal("true", spec.First.Named["joint"].Word);
    }

    [Fact]
    public void Canonical_text_does_not_depend_on_argument_order_or_whitespace()
    {
        var a = OptimizerSpec.Parse("sgdn_hd(lr=0.001, beta=0.001, mu=0.9, wd=1e-4)");
        var b = OptimizerSpec.Parse("  sgdn_hd (  wd = 1e-4,mu=0.9 ,beta=0.001,   lr=0.001 )  ");

        Assert.Equal("sgdn_hd(beta=0.001, lr=0.001, mu=0.9, wd=0.0001)", a.Canonical);
        Assert.Equal(a.Canonical, b.Canonical);
    }

    [Fact]
    public void Canonical_text_writes_each_number_and_name_in_one_form()
    {
        var forms = new[] { "adam(1e-3) / sgd(auto)", "ADAM(0.001)/SGD(AUTO)", "adam(1.0E-3) / sgd(auto)", "adam( .001 )/ sgd( auto )" };

        Assert.All(forms, f => Assert.Equal("adam(0.001) / sgd(auto)", OptimizerSpec.Parse(f).Canonical));
    }

    [Theory]
    [InlineData("sgd(1e-5, mu=0.9) / adam(alpha=1e-3, beta1=0.8) / none")]
    [InlineData("adam_hd(joint=true, sqrt_decay=false)")]
    [InlineData("sgd")]
    public void Canonical_text_parses_back_to_itself(string text)
    {
        var canonical = OptimizerSpec.Parse(text).Canonical;

        Assert.Equal(canonical, OptimizerSpec.Parse(canonical).Canonical);
    }

    [Theory]
    [InlineData("sgd(0.1", 7, "expected ',' or ')', found end of spec")]
    [InlineData("sgd(0.1 0.2)", 8, "expected ',' or ')', found '0'")]
    [InlineData("sgd(0.1) x", 9, "expected '/' or end of spec, found 'x'")]
    [InlineData("sgd(0.1))", 8, "expected '/' or end of spec, found ')'")]
    [InlineData("sgd(lr=0.1, 0.9)", 12, "a positional argument cannot follow a named one")]
    [InlineData("sgd(lr=0.1, lr=0.2)", 12, "'lr' is given twice")]
    [InlineData("sgd(lr=fast)", 7, "expected a number, 'auto', 'true' or 'false', found 'fast'")]
    [InlineData("sgd(lr=1.2.3)", 7, "expected a number, found '1.2.3'")]
    [InlineData("sgd(lr=)", 7, "expected a number, found ')'")]
    [InlineData("sgd(lr=", 7, "expected a value, found end of spec")]
    [InlineData("", 0, "expected an optimizer name, found end of spec")]
    [InlineData("   ", 3, "expected an optimizer name, found end of spec")]
    [InlineData("sgd(0.1) /", 10, "expected an optimizer name, found end of spec")]
    [InlineData("(0.1)", 0, "expected an optimizer name, found '('")]
    public void Bad_syntax_is_reported_at_its_position_with_what_was_expected(string text, int position, string problem)
    {
        var error = Assert.Throws<SpecSyntaxException>(() => OptimizerSpec.Parse(text));

        Assert.Equal(position, error.Position);
        Assert.Equal(problem, error.Problem);
        Assert.Contains($"{problem} at position {position + 1} of optimizer spec '{text}'", error.Message);
    }

    [Fact]
    public void The_message_shows_the_spec_with_a_caret_under_the_problem()
    {
        var error = Assert.Throws<SpecSyntaxException>(() => OptimizerSpec.Parse("sgd(0.1) x"));

        Assert.EndsWith("\n  sgd(0.1) x\n           ^", error.Message);
    }
}
