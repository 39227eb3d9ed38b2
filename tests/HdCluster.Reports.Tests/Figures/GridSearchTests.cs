using HdCluster.Reports.Figures;
using HdCluster.Reports.Plotting;
using ScottPlot;
using ScottPlot.Plottables;
using SkiaSharp;

namespace HdCluster.Reports.Tests.Figures;

public sealed class GridSearchTests
{
    [Fact]
    public void Training_and_validation_loss_each_get_a_heatmap_per_method()
    {
        using var temp = new TempFolder();
        var figures = GridSearchFigure.Build(Sweeps.Context(temp, Sweeps.GridSearch())).ToArray();

        Assert.Equal(["grid-search-train-loss", "grid-search-valid-loss"], figures.Select(f => f.Name));
        Assert.Equal(["SGD-HD", "SGDN-HD", "Adam-HD"], figures[0].Figure.Panels.Select(p => p.Title));
        Assert.All(figures[0].Figure.Panels, p => Assert.Single(p.Plot.GetPlottables<Heatmap>()));
    }

    [Fact]
    public void Alpha_0_runs_along_x_and_beta_along_y_in_increasing_order()
    {
        using var temp = new TempFolder();
        var plot = GridSearchFigure.Build(Sweeps.Context(temp, Sweeps.GridSearch())).First().Figure.Panel("SGD-HD").Plot;

        Assert.Equal(["10⁻⁴", "10⁻²", "10⁻¹"], Plots.TickLabels(plot, plot.Axes.Bottom));
        Assert.Equal(["10⁻⁵", "10⁻³", "10⁻¹"], Plots.TickLabels(plot, plot.Axes.Left));
        Assert.Equal("initial learning rate α₀", plot.Axes.Bottom.Label.Text);
        Assert.Equal("hypergradient rate β", plot.Axes.Left.Label.Text);
    }

    [Fact]
    public void A_marked_cell_is_drawn_in_the_row_and_column_its_labels_name()
    {
        // One cell (beta 1e-1, alpha_0 1e-4) far worse than the rest: the top of the colour scale.
        using var temp = new TempFolder();
        var cells = Sweeps.GridSearch().Select(c => c.Optimizer.StartsWith("sgd_hd(lr=0.0001, beta=0.1", StringComparison.Ordinal) ? c with { FinalTrainLoss = 5 } : c).ToArray();
        var figure = GridSearchFigure.Build(Sweeps.Context(temp, cells)).First().Figure;
        var plot = figure.Panel("SGD-HD").Plot;
        var x = Plots.TickPosition(plot, plot.Axes.Bottom, "10⁻⁴");
        var y = Plots.TickPosition(plot, plot.Axes.Left, "10⁻¹");
        var heatmap = plot.GetPlottables<Heatmap>().Single();

        using var image = SKBitmap.Decode(SheetRenderer.RenderPng(figure));
        // Off the cell's centre, where its value is printed, but well inside the cell.
        var pixel = plot.GetPixel(new Coordinates(x - 0.35, y - 0.35));
        var drawn = image.GetPixel((int)(pixel.X * SheetRenderer.PngScale), (int)(pixel.Y * SheetRenderer.PngScale));

        Assert.Equal(5, heatmap.GetValue(new Coordinates(x, y)));
        Assert.True(pixel.X * SheetRenderer.PngScale < image.Width && pixel.Y * SheetRenderer.PngScale < image.Height, $"{pixel} outside {image.Width}x{image.Height}, data {plot.LastRender.DataRect}");
        Assert.Equal(heatmap.Colormap.GetColor(1.0).ToSKColor(), drawn);
    }

    [Fact]
    public void Diverged_cells_are_hatched_crossed_and_in_the_legend()
    {
        using var temp = new TempFolder();
        var figure = GridSearchFigure.Build(Sweeps.Context(temp, Sweeps.GridSearch())).First().Figure;
        var plot = figure.Panel("Adam-HD").Plot;
        var betaTop = Plots.TickPosition(plot, plot.Axes.Left, "10⁻¹");
        var crossed = Plots.Marks(figure.Panel("Adam-HD"), MarkerShape.Eks).SelectMany(m => m.Data.GetScatterPoints()).ToArray();
        var hatched = plot.GetPlottables<ScottPlot.Plottables.Rectangle>().Where(r => r.FillHatch is not null).ToArray();

        // beta 1e-1 with alpha_0 1e-2 and 1e-1 diverged.
        Assert.Equal([new Coordinates(1, betaTop), new Coordinates(2, betaTop)], crossed.OrderBy(c => c.X));
        Assert.Equal(2, hatched.Length);
        Assert.All(hatched, r => Assert.Equal(betaTop, (r.Y1 + r.Y2) / 2));
        Assert.True(double.IsNaN(plot.GetPlottables<Heatmap>().Single().GetValue(new Coordinates(2, betaTop))));
        var entry = figure.Legend().Single(i => i.LabelText == "diverged");
        Assert.NotNull(entry.FillHatch);
    }

    [Fact]
    public void All_panels_share_one_colour_scale()
    {
        using var temp = new TempFolder();
        var figure = GridSearchFigure.Build(Sweeps.Context(temp, Sweeps.GridSearch())).First().Figure;

        var ranges = figure.Panels.Select(p => p.Plot.GetPlottables<Heatmap>().Single().ManualRange).ToArray();

        Assert.All(ranges, r => Assert.NotNull(r));
        Assert.Single(ranges.Distinct());
        Assert.Equal(0.3 + 1e-4 + 1e-5, ranges[0]!.Value.Min, 9);
        Assert.All(figure.Panels, p => Assert.Single(p.Plot.Axes.GetPanels().OfType<ScottPlot.Panels.ColorBar>()));
    }

    [Fact]
    public void No_heatmap_without_a_beta_grid()
    {
        using var temp = new TempFolder();

        Assert.Empty(GridSearchFigure.Build(Sweeps.Context(temp, Sweeps.Quickstart())));
    }
}
