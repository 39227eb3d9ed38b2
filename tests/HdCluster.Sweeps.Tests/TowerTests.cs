namespace HdCluster.Sweeps.Tests;

public class TowerTests
{
    private const string Heights = """
        fixed:
          model: mlp_tanh
          epochs: 1
          tower:
            base: "sgd({alpha_0})"
            level: "rmsprop(auto)"
            height: "{height}"
        grid:
          alpha_0: [0.01]
          height: [0, 1, 3]
        """;

    [Fact]
    public void A_tower_stacks_height_copies_of_its_level_on_its_base()
    {
        var cells = SweepYaml.Parse(Heights).Cells;
        Assert.Equal("sgd(0.01) / rmsprop(auto)", cells[1].Config.Optimizer);
        Assert.Equal("sgd(0.01) / rmsprop(auto) / rmsprop(auto) / rmsprop(auto)", cells[2].Config.Optimizer);
    }

    [Fact]
    public void Height_zero_is_the_base_alone_with_tower_semantics()
    {
        Assert.Equal("sgd(0.01) / none", SweepYaml.Parse(Heights).Cells[0].Config.Optimizer);
    }

    [Fact]
    public void The_height_is_a_cell_variable()
    {
        Assert.Equal(["0", "1", "3"], SweepYaml.Parse(Heights).Cells.Select(c => c.Variables["height"]));
    }

    [Fact]
    public void The_height_may_be_a_plain_number()
    {
        var cell = Assert.Single(SweepYaml.Parse("""
            fixed:
              model: mlp_tanh
              epochs: 1
              tower: {base: "adam(1e-3)", level: "sgd(1e-4)", height: 2}
            """).Cells);
        Assert.Equal("adam(1e-3) / sgd(1e-4) / sgd(1e-4)", cell.Config.Optimizer);
    }

    [Fact]
    public void An_explicit_cell_may_replace_a_fixed_tower_with_an_optimizer()
    {
        var sweep = SweepYaml.Parse(Heights + """

            cells:
              - {optimizer: "sgd(0.01)"}
            """);
        Assert.Equal("sgd(0.01)", sweep.Cells[^1].Config.Optimizer);
    }

    [Fact]
    public void A_height_that_is_not_a_whole_number_points_at_the_height()
    {
        var e = SweepYaml.Fails(Heights.Replace("[0, 1, 3]", "[0, 1.5]"), 7, 13, "tower.height");
        Assert.Contains("'1.5'", e.Message);
    }

    [Fact]
    public void A_tower_without_a_level_is_refused()
    {
        SweepYaml.Fails(Heights.Replace("    level: \"rmsprop(auto)\"\n", ""), 5, 5, "tower.level");
    }

    [Fact]
    public void An_unknown_tower_key_is_refused()
    {
        var e = SweepYaml.Fails(Heights.Replace("level:", "levl:"), 6, 5, "tower.levl");
        Assert.Contains("did you mean 'level'", e.Message);
    }

    [Fact]
    public void An_unquoted_placeholder_gets_a_hint_to_quote_it()
    {
        var e = SweepYaml.Fails(Heights.Replace("height: \"{height}\"", "height: {height}"), 7, 13, "tower.height");
        Assert.Contains("quote it: \"{height}\"", e.Message);
    }

    [Fact]
    public void A_bad_level_spec_in_a_tower_is_reported_at_the_tower()
    {
        var e = SweepYaml.Fails(Heights.Replace("rmsprop(auto)", "rmsprop(auto, rho=0.9)"), 5, 5, "optimizer");
        Assert.Contains("unknown argument 'rho'", e.Message);
    }

    [Fact]
    public void Optimizer_and_tower_in_one_mapping_are_refused()
    {
        SweepYaml.Fails(Heights.Replace("  epochs: 1\n", "  epochs: 1\n  optimizer: \"sgd(0.1)\"\n"), 5, 3, "tower");
    }
}
