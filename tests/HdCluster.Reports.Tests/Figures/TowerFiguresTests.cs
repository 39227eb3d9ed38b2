using HdCluster.Reports.Figures;
using ScottPlot;

namespace HdCluster.Reports.Tests.Figures;

public sealed class TowerFiguresTests
{
    [Fact]
    public void Final_loss_against_height_has_one_line_per_alpha_0()
    {
        using var temp = new TempFolder();
        var figure = TowerHeightFigure.Build(Sweeps.Context(temp, Sweeps.Towers())).Single().Figure;
        var panel = figure.Panel("final training loss vs height");

        Assert.Equal(["α₀ = 0.01", "α₀ = 0.1"], Plots.LineLabels(panel));
        Assert.All(Plots.Lines(panel), l => Assert.Equal([0, 1, 2, 3], Plots.Points(l).Select(p => p.X)));
        Assert.Equal(["0", "1", "2", "3"], Plots.TickLabels(panel.Plot, panel.Plot.Axes.Bottom));
        Assert.Equal("tower height (levels above the base)", panel.Plot.Axes.Bottom.Label.Text);
        Assert.Equal(
            ["final training loss vs height", "final validation loss vs height", "spread over α₀ vs height", "time per step vs height"],
            figure.Panels.Select(p => p.Title));
        var looks = Plots.Lines(panel).Select(l => (l.Color, l.MarkerShape)).ToArray();
        Assert.NotEqual(looks[0].Color, looks[1].Color);
        Assert.NotEqual(looks[0].MarkerShape, looks[1].MarkerShape);
    }

    [Fact]
    public void The_spread_over_alpha_0_is_the_range_of_final_losses_at_each_height()
    {
        using var temp = new TempFolder();
        var panel = TowerHeightFigure.Build(Sweeps.Context(temp, Sweeps.Towers())).Single().Figure.Panel("spread over α₀ vs height");

        var training = Plots.Points(Plots.Line(panel, "training loss spread"));

        // (0.9 - 0.05 h) - (0.5 - 0.05 h) = 0.4 at every height.
        Assert.Equal(4, training.Length);
        Assert.All(training, p => Assert.Equal(0.4, p.Y, 9));
        Assert.InRange(0.4, panel.Plot.Axes.Left.Min, panel.Plot.Axes.Left.Max);
    }

    [Fact]
    public void A_diverged_tower_is_an_x_on_the_top_edge()
    {
        using var temp = new TempFolder();
        var figure = TowerHeightFigure.Build(Sweeps.Context(temp, Sweeps.Towers(divergeTallest: true))).Single().Figure;
        var panel = figure.Panel("final training loss vs height");

        var mark = Assert.Single(Plots.Marks(panel, MarkerShape.Eks)).Data.GetScatterPoints().Single();

        Assert.Equal((3.0, panel.Plot.Axes.Left.Max), (mark.X, mark.Y));
        Assert.Equal(3, Plots.Points(Plots.Line(panel, "α₀ = 0.1")).Length);
        Assert.Contains("diverged", Plots.LegendLabels(figure));
    }

    [Fact]
    public void Every_levels_hyperparameters_get_a_panel_with_a_line_per_tower_that_has_the_level()
    {
        using var temp = new TempFolder();
        var figures = TowerTrajectoriesFigure.Build(Sweeps.Context(temp, Sweeps.Towers())).ToArray();

        Assert.Equal(["tower-trajectories-alpha_0-0.01", "tower-trajectories-alpha_0-0.1"], figures.Select(f => f.Name));
        var figure = figures[0].Figure;
        Assert.Equal(["learning rate (L1.alpha)", "level 2: alpha (L2.alpha)", "level 3: alpha (L3.alpha)", "level 4: alpha (L4.alpha)"], figure.Panels.Select(p => p.Title));
        Assert.Equal(["height 0", "height 1", "height 2", "height 3"], Plots.LineLabels(figure.Panel("learning rate (L1.alpha)")));
        Assert.Equal(["height 3"], Plots.LineLabels(figure.Panel("level 4: alpha (L4.alpha)")));
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
