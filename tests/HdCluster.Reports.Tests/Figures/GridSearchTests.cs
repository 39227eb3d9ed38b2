using HdCluster.Reports.Figures;

namespace HdCluster.Reports.Tests.Figures;

public sealed class GridSearchTests
{
    [Fact]
    public void Training_and_validation_loss_each_get_a_heatmap_per_method()
    {
        using var temp = new TempFolder();
        var figures = GridSearchFigure.Build(Sweeps.Context(temp, Sweeps.GridSearch())).ToArray();

        Assert.Equal(["grid-search-train-loss", "grid-search-valid-loss"], figures.Select(f => f.Name));
        var svg = Svg.Render(figures[0].Figure);
        Assert.Equal(["SGD-HD", "SGDN-HD", "Adam-HD"], svg.PanelTitles);
    }

    [Fact]
    public void Alpha_0_runs_along_x_and_beta_along_y_in_increasing_order()
    {
        using var temp = new TempFolder();
        var svg = Svg.Render(GridSearchFigure.Build(Sweeps.Context(temp, Sweeps.GridSearch())).First().Figure);
        var panel = svg.Panel("SGD-HD");

        Assert.Equal(["10⁻⁴", "10⁻²", "10⁻¹"], Svg.TickLabels(Svg.Axis(panel, "x")));
        Assert.Equal(["10⁻⁵", "10⁻³", "10⁻¹"], Svg.TickLabels(Svg.Axis(panel, "y")));
        Assert.Equal("initial learning rate α₀", Svg.Attr(Svg.Axis(panel, "x"), "data-label"));
        Assert.Equal("hypergradient rate β", Svg.Attr(Svg.Axis(panel, "y"), "data-label"));
    }

    [Fact]
    public void Diverged_cells_are_hatched_crossed_and_in_the_legend()
    {
        using var temp = new TempFolder();
        var svg = Svg.Render(GridSearchFigure.Build(Sweeps.Context(temp, Sweeps.GridSearch())).First().Figure);
        var cells = Svg.WithClass(svg.Panel("Adam-HD"), "cell").ToArray();

        var diverged = cells.Where(c => Svg.Attr(c, "data-state") == "diverged").ToArray();
        Assert.Equal(9, cells.Length);
        Assert.Equal(2, diverged.Length);
        Assert.All(diverged, c => Assert.Equal("10⁻¹", Svg.Attr(c, "data-row")));
        Assert.All(diverged, c => Assert.Equal("url(#hatch)", Svg.Attr(c, "fill")));
        Assert.Equal(2, Svg.WithClass(svg.Panel("Adam-HD"), "heatmap").Single().Elements().Count(e => e.Name.LocalName == "path"));
        Assert.Equal("hatch", Svg.Attr(svg.LegendEntry("diverged"), "data-swatch"));
    }

    [Fact]
    public void All_panels_share_one_colour_scale()
    {
        using var temp = new TempFolder();
        var svg = Svg.Render(GridSearchFigure.Build(Sweeps.Context(temp, Sweeps.GridSearch())).First().Figure);

        var bars = svg.WithClass("colorbar").ToArray();

        Assert.Equal(3, bars.Length);
        Assert.Single(bars.Select(b => (Svg.Data(b, "min"), Svg.Data(b, "max"))).Distinct());
        Assert.True(Svg.Data(bars[0], "min") <= 0.3 + 1e-4 + 1e-5);
    }

    [Fact]
    public void No_heatmap_without_a_beta_grid()
    {
        using var temp = new TempFolder();

        Assert.Empty(GridSearchFigure.Build(Sweeps.Context(temp, Sweeps.Quickstart())));
    }
}
