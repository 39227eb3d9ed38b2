using HdCluster.Reports.Figures;

namespace HdCluster.Reports.Tests.Figures;

public sealed class OnlineTuningTests
{
    [Fact]
    public void Each_alpha_0_is_a_group_of_bars_with_hd_beside_its_baseline()
    {
        using var temp = new TempFolder();
        var figure = OnlineTuningFigure.Build(Sweeps.Context(temp, Sweeps.Quickstart())).Single();

        var svg = Svg.Render(figure.Figure);
        var panel = svg.Panel("final validation loss");
        var series = Svg.WithClass(panel, "series", "bar").ToArray();

        Assert.Equal(["10⁻³", "10⁻²"], Svg.TickLabels(Svg.Axis(panel, "x")));
        Assert.Equal(["SGD", "SGD-HD", "Adam", "Adam-HD"], series.Select(s => Svg.Attr(s, "data-label")));
        Assert.Equal(["false", "true", "false", "true"], series.Select(s => Svg.Attr(s, "data-light")));
        Assert.Equal(Svg.Attr(series[0], "data-color"), Svg.Attr(series[1], "data-color"));
        Assert.Equal(8, Svg.WithClass(panel, "bar").Count(e => e.Name.LocalName == "rect"));
        Assert.Equal(["final training loss", "final validation loss"], svg.PanelTitles);
    }

    [Fact]
    public void Bar_heights_are_the_final_losses()
    {
        using var temp = new TempFolder();
        var figure = OnlineTuningFigure.Build(Sweeps.Context(temp, Sweeps.Quickstart())).Single();

        var panel = Svg.Render(figure.Figure).Panel("final training loss");
        var sgdAt001 = Svg.WithClass(panel, "series", "bar").First().Elements().Single(e => Svg.Attr(e, "data-category") == "10⁻³");

        // Cell q4 (SGD at alpha_0 0.001) ends at 0.5 / 5.
        Assert.Equal(0.1, Svg.Data(sgdAt001, "value"), 12);
    }

    [Fact]
    public void A_diverged_run_is_an_x_in_place_of_its_bar()
    {
        using var temp = new TempFolder();
        var cells = Sweeps.Quickstart();
        cells[1] = cells[1] with { Status = "diverged", FinalTrainLoss = double.NaN, FinalValidLoss = double.NaN };

        var figure = OnlineTuningFigure.Build(Sweeps.Context(temp, cells)).Single();
        var svg = Svg.Render(figure.Figure);
        var hd = Svg.WithClass(svg.Panel("final training loss"), "series", "bar").Single(s => Svg.Attr(s, "data-label") == "SGD-HD");

        Assert.Single(Svg.WithClass(hd, "diverged"), d => Svg.Attr(d, "data-category") == "10⁻²");
        Assert.Contains("diverged", svg.LegendLabels);
    }

    [Fact]
    public void A_single_alpha_0_has_no_online_tuning_figure()
    {
        using var temp = new TempFolder();
        var context = Sweeps.Context(temp, [.. Sweeps.Quickstart().Take(4)]);

        Assert.Empty(OnlineTuningFigure.Build(context));
    }
}
