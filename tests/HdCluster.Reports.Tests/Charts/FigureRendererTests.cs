using System.Globalization;
using HdCluster.Reports.Charts;

namespace HdCluster.Reports.Tests.Charts;

public sealed class FigureRendererTests
{
    private static Figure TwoLines(ScaleKind yScale = ScaleKind.Auto)
    {
        var figure = new Figure("Loss");
        var panel = figure.AddPanel("training loss");
        panel.X.Label = "iteration";
        panel.Y.Label = "loss";
        panel.Y.Scale = yScale;
        panel.Add(new LineSeries("SGD", Palette.At(0), [(0, 2.0), (50, 1.0), (100, 0.5)]));
        panel.Add(new LineSeries("SGD-HD", Palette.At(0), [(0, 2.0), (50, 0.6), (100, 0.3)]) { Dash = Dash.Dashed });
        return figure;
    }

    [Fact]
    public void Every_series_is_drawn_and_listed_once_in_the_legend()
    {
        var svg = Svg.Render(TwoLines());

        Assert.Equal(2, Svg.Lines(svg.Panel("training loss")).Count());
        Assert.Equal(["SGD", "SGD-HD"], svg.LegendLabels);
    }

    [Fact]
    public void Axes_record_their_limits_and_labels()
    {
        var svg = Svg.Render(TwoLines());
        var panel = svg.Panel("training loss");
        var x = Svg.Axis(panel, "x");
        var y = Svg.Axis(panel, "y");

        Assert.Equal((0, 100), (Svg.Data(x, "min"), Svg.Data(x, "max")));
        Assert.Equal((0.25, 2.25), (Svg.Data(y, "min"), Svg.Data(y, "max")));
        Assert.Equal("iteration", Svg.Attr(x, "data-label"));
        Assert.Equal(["0", "20", "40", "60", "80", "100"], Svg.TickLabels(x));
        Assert.Equal(["0.25", "0.50", "0.75", "1.00", "1.25", "1.50", "1.75", "2.00", "2.25"], Svg.TickLabels(y));
        Assert.Single(Svg.WithClass(panel, "axis-label"), t => t.Value == "loss");
    }

    [Fact]
    public void A_log_axis_is_labelled_in_decades()
    {
        var figure = new Figure("f");
        var panel = figure.AddPanel("p");
        panel.Y.Scale = ScaleKind.Log;
        panel.Add(new LineSeries("loss", Palette.At(0), [(0, 2.3), (1, 0.02), (2, 0.0004)]));

        var y = Svg.Axis(Svg.Render(figure).Panel("p"), "y");

        Assert.Equal("log", Svg.Attr(y, "data-scale"));
        Assert.Equal(["10⁻⁴", "10⁻³", "10⁻²", "10⁻¹", "10⁰", "10¹"], Svg.TickLabels(y));
    }

    [Fact]
    public void Lines_paired_by_colour_differ_by_dash()
    {
        var svg = Svg.Render(TwoLines());
        var panel = svg.Panel("training loss");
        var sgd = Svg.Line(panel, "SGD");
        var hd = Svg.Line(panel, "SGD-HD");

        Assert.Equal(Svg.Attr(sgd, "data-color"), Svg.Attr(hd, "data-color"));
        Assert.Equal("solid", Svg.Attr(sgd, "data-dash"));
        Assert.Equal("dashed", Svg.Attr(hd, "data-dash"));
        Assert.NotEmpty(Svg.Attr(hd.Element(Svg.Ns + "path")!, "stroke-dasharray"));
        Assert.Equal("dashed", Svg.Attr(svg.LegendEntry("SGD-HD"), "data-dash"));
    }

    [Fact]
    public void A_missing_value_breaks_the_line_instead_of_bridging_it()
    {
        var figure = new Figure("f");
        var panel = figure.AddPanel("p");
        panel.Add(new LineSeries("gap", Palette.At(0), [(0, 1.0), (1, 2.0), (2, double.NaN), (3, 1.0), (4, 3.0)]));

        var line = Svg.Line(Svg.Render(figure).Panel("p"), "gap");
        var path = Svg.Attr(line.Element(Svg.Ns + "path")!, "d");

        Assert.Equal(4, Svg.Data(line, "points"));
        Assert.Equal(2, path.Count(c => c == 'M'));
    }

    [Fact]
    public void Unconnected_points_are_markers_without_a_line()
    {
        var figure = new Figure("f");
        var panel = figure.AddPanel("p");
        panel.Add(new LineSeries("published", Palette.At(0), [(0, 1.0), (470, 2.0)]) { Marker = MarkerShape.Circle, Connect = false });

        var plot = Svg.Render(figure).Panel("p");

        Assert.Null(Svg.Line(plot, "published").Element(Svg.Ns + "path"));
        Assert.Equal(2, Svg.WithClass(plot, "markers").Single().Elements(Svg.Ns + "circle").Count());
    }

    [Fact]
    public void Diverged_points_are_marked_with_an_x_and_explained_in_the_legend()
    {
        var figure = new Figure("f");
        var panel = figure.AddPanel("p");
        panel.Add(new LineSeries("Adam-HD", Palette.At(2), [(0, 1.0), (10, 5.0)]));
        panel.Add(new ScatterSeries("diverged", Palette.At(2), [(10, 5.0), (20, double.PositiveInfinity)], MarkerShape.Cross) { InLegend = false, Role = "diverged" });
        figure.AddLegendEntry(LegendEntry.Diverged());

        var svg = Svg.Render(figure);
        var marks = Svg.WithClass(svg.Panel("p"), "scatter", "diverged").Single();

        Assert.Equal("cross", Svg.Attr(marks, "data-marker"));
        Assert.Equal(2, Svg.Data(marks, "points"));
        Assert.Equal(["Adam-HD", "diverged"], svg.LegendLabels);
        Assert.Equal("cross", Svg.Attr(svg.LegendEntry("diverged"), "data-marker"));
    }

    [Fact]
    public void Bars_stand_side_by_side_per_category_and_a_diverged_run_gets_an_x()
    {
        var figure = new Figure("f");
        var panel = figure.AddPanel("p");
        panel.X.SetCategories(["0.1", "0.01"]);
        panel.Add(new BarSeries("SGD", Palette.At(0), [new BarValue(0.5), new BarValue(0.3)]));
        panel.Add(new BarSeries("SGD-HD", Palette.At(0), [BarValue.DivergedRun, new BarValue(0.2)]) { Light = true, Dash = Dash.Dashed });

        var svg = Svg.Render(figure).Panel("p");
        var bars = Svg.WithClass(svg, "bar").Where(e => e.Name.LocalName == "rect").ToArray();
        var x = (string category, string series) => Svg.WithClass(svg, "series", "bar").Single(s => Svg.Attr(s, "data-label") == series)
            .Descendants().Single(b => Svg.Attr(b, "data-category") == category);

        Assert.Equal(3, bars.Length);
        Assert.True(double.Parse(Svg.Attr(x("0.01", "SGD"), "x"), CultureInfo.InvariantCulture) < double.Parse(Svg.Attr(x("0.01", "SGD-HD"), "x"), CultureInfo.InvariantCulture));
        Assert.Single(Svg.WithClass(svg, "diverged"), d => Svg.Attr(d, "data-category") == "0.1");
        Assert.Equal(["0.1", "0.01"], Svg.TickLabels(Svg.Axis(svg, "x")));
        Assert.Equal(0, Svg.Data(Svg.Axis(svg, "y"), "min"));
    }

    [Fact]
    public void A_heatmap_colours_values_and_hatches_diverged_cells()
    {
        var figure = new Figure("grid");
        var heatmap = new Heatmap(["10⁻³", "10⁻²"], ["10⁻⁴", "10⁻³", "10⁻²"]) { ColorLabel = "final loss" };
        heatmap[0, 0] = HeatCell.Of(0.3);
        heatmap[0, 1] = HeatCell.Of(0.25);
        heatmap[1, 0] = HeatCell.Of(0.4);
        heatmap[1, 1] = HeatCell.Diverged;
        heatmap[2, 1] = HeatCell.Diverged;
        figure.AddPanel("SGD-HD").SetHeatmap(heatmap);
        figure.AddLegendEntry(LegendEntry.DivergedCell());

        var svg = Svg.Render(figure);
        var panel = svg.Panel("SGD-HD");
        var cells = Svg.WithClass(panel, "cell").ToArray();

        Assert.Equal(6, cells.Length);
        Assert.Equal(2, cells.Count(c => Svg.Attr(c, "data-state") == "diverged"));
        Assert.All(cells.Where(c => Svg.Attr(c, "data-state") == "diverged"), c => Assert.Equal("url(#hatch)", Svg.Attr(c, "fill")));
        Assert.Single(cells, c => Svg.Attr(c, "data-state") == "missing");
        Assert.Equal(ColorMap.Viridis.At(0).Hex, Svg.Attr(cells.Single(c => Svg.Attr(c, "data-value") == "0.25"), "fill"));
        Assert.Single(svg.Root.Descendants(Svg.Ns + "pattern"), p => Svg.Attr(p, "id") == "hatch");
        Assert.Equal("hatch", Svg.Attr(svg.LegendEntry("diverged"), "data-swatch"));
        Assert.Equal(["10⁻⁴", "10⁻³", "10⁻²"], Svg.TickLabels(Svg.Axis(panel, "y")));
        var bar = Svg.WithClass(panel, "colorbar").Single();
        Assert.Equal(0.25, Svg.Data(bar, "min"), 12);
        Assert.True(Svg.Data(bar, "max") >= 0.4);
    }

    [Fact]
    public void An_empty_panel_says_so()
    {
        var figure = new Figure("f");
        figure.AddPanel("nothing").EmptyNote = "no curves recorded";

        var panel = Svg.Render(figure).Panel("nothing");

        Assert.Equal("no curves recorded", Svg.WithClass(panel, "empty-note").Single().Value);
    }

    [Fact]
    public void Panels_are_laid_out_in_rows_of_the_given_width()
    {
        var figure = new Figure("grid") { Columns = 2, PanelWidth = 300, PanelHeight = 200 };
        for (var i = 0; i < 3; i++)
        {
            figure.AddPanel($"p{i}").Add(new LineSeries("s", Palette.At(0), [(0, 0.0), (1, 1.0)]));
        }

        var svg = Svg.Render(figure);

        Assert.Equal(3, svg.PanelTitles.Count());
        Assert.True(Svg.Data(svg.WithClass("figure").Single(), "panels") == 3);
        Assert.InRange(double.Parse(Svg.Attr(svg.Root, "width"), CultureInfo.InvariantCulture), 600, 800);
        Assert.InRange(double.Parse(Svg.Attr(svg.Root, "height"), CultureInfo.InvariantCulture), 400, 500);
    }
}
