using HdCluster.Reports.Figures;

namespace HdCluster.Reports.Tests.Figures;

public sealed class TowerFiguresTests
{
    [Fact]
    public void Final_loss_against_height_has_one_line_per_alpha_0()
    {
        using var temp = new TempFolder();
        var figure = TowerHeightFigure.Build(Sweeps.Context(temp, Sweeps.Towers())).Single();

        var svg = Svg.Render(figure.Figure);
        var panel = svg.Panel("final training loss vs height");
        var x = Svg.Axis(panel, "x");

        Assert.Equal(["α₀ = 0.01", "α₀ = 0.1"], Svg.Lines(panel).Select(l => Svg.Attr(l, "data-label")));
        Assert.All(Svg.Lines(panel), l => Assert.Equal(4, Svg.Data(l, "points")));
        Assert.Equal(["0", "1", "2", "3"], Svg.TickLabels(x));
        Assert.Equal("tower height (levels above the base)", Svg.Attr(x, "data-label"));
        Assert.Equal(
            ["final training loss vs height", "final validation loss vs height", "spread over α₀ vs height", "time per step vs height"],
            svg.PanelTitles);
    }

    [Fact]
    public void The_spread_over_alpha_0_is_the_range_of_final_losses_at_each_height()
    {
        using var temp = new TempFolder();
        var figure = TowerHeightFigure.Build(Sweeps.Context(temp, Sweeps.Towers())).Single();

        var panel = Svg.Render(figure.Figure).Panel("spread over α₀ vs height");
        var training = Svg.Line(panel, "training loss spread");

        // (0.9 - 0.05 h) - (0.5 - 0.05 h) = 0.4 at every height.
        Assert.Equal(4, Svg.Data(training, "points"));
        var y = Svg.Axis(panel, "y");
        Assert.InRange(0.4, Svg.Data(y, "min"), Svg.Data(y, "max"));
    }

    [Fact]
    public void A_diverged_tower_is_an_x_on_the_top_edge()
    {
        using var temp = new TempFolder();
        var figure = TowerHeightFigure.Build(Sweeps.Context(temp, Sweeps.Towers(divergeTallest: true))).Single();

        var svg = Svg.Render(figure.Figure);
        var panel = svg.Panel("final training loss vs height");
        var mark = Svg.WithClass(panel, "scatter", "diverged").Single();

        Assert.Equal(1, Svg.Data(mark, "points"));
        Assert.Equal(3, Svg.Data(Svg.Line(panel, "α₀ = 0.1"), "points"));
        Assert.Contains("diverged", svg.LegendLabels);
    }

    [Fact]
    public void Every_levels_hyperparameters_get_a_panel_with_a_line_per_tower_that_has_the_level()
    {
        using var temp = new TempFolder();
        var figures = TowerTrajectoriesFigure.Build(Sweeps.Context(temp, Sweeps.Towers())).ToArray();

        Assert.Equal(["tower-trajectories-alpha_0-0.01", "tower-trajectories-alpha_0-0.1"], figures.Select(f => f.Name));
        var svg = Svg.Render(figures[0].Figure);
        Assert.Equal(["learning rate (L1.alpha)", "level 2: alpha (L2.alpha)", "level 3: alpha (L3.alpha)", "level 4: alpha (L4.alpha)"], svg.PanelTitles);
        Assert.Equal(["height 0", "height 1", "height 2", "height 3"], Svg.Lines(svg.Panel("learning rate (L1.alpha)")).Select(l => Svg.Attr(l, "data-label")));
        Assert.Equal(["height 3"], Svg.Lines(svg.Panel("level 4: alpha (L4.alpha)")).Select(l => Svg.Attr(l, "data-label")));
    }

    [Fact]
    public void Baydin_sweeps_have_no_tower_figures()
    {
        using var temp = new TempFolder();
        var context = Sweeps.Context(temp, Sweeps.Quickstart());

        Assert.Empty(TowerHeightFigure.Build(context));
        Assert.Empty(TowerTrajectoriesFigure.Build(context));
    }
}
