using HdCluster.Reports.Figures;
using ScottPlot;
using ScottPlot.Plottables;

namespace HdCluster.Reports.Tests.Figures;

public sealed class OnlineTuningTests
{
    [Fact]
    public void Each_alpha_0_is_a_group_of_bars_with_hd_beside_its_baseline()
    {
        using var temp = new TempFolder();
        var figure = OnlineTuningFigure.Build(Sweeps.Context(temp, Sweeps.Quickstart())).Single().Figure;
        var panel = figure.Panel("final validation loss");
        var series = panel.Plot.GetPlottables<BarPlot>().ToArray();

        Assert.Equal(["final training loss", "final validation loss"], figure.Panels.Select(p => p.Title));
        Assert.Equal(["10⁻³", "10⁻²"], Plots.TickLabels(panel.Plot, panel.Plot.Axes.Bottom));
        Assert.Equal(4, series.Length);
        Assert.All(series, s => Assert.Equal(2, s.Bars.Count));
        Assert.Equal(["SGD", "SGD-HD", "Adam", "Adam-HD"], Plots.LegendLabels(figure));

        // HD beside its baseline: the same colour, pale, with a dashed outline; each bar within its alpha_0's slot.
        var (sgd, sgdHd) = (series[0].Bars[0], series[1].Bars[0]);
        Assert.Equal(sgd.FillColor.WithAlpha(255), sgdHd.LineColor);
        Assert.True(sgdHd.FillColor.A < 255);
        Assert.Equal(LinePattern.Dashed.Name, sgdHd.LinePattern.Name);
        Assert.True(sgd.Position < sgdHd.Position);
        Assert.All(series.SelectMany(s => s.Bars), b => Assert.InRange(b.Position - Math.Round(b.Position), -0.45, 0.45));
    }

    [Fact]
    public void Bar_heights_are_the_final_losses_printed_on_them()
    {
        using var temp = new TempFolder();
        var figure = OnlineTuningFigure.Build(Sweeps.Context(temp, Sweeps.Quickstart())).Single().Figure;

        var sgdAt001 = figure.Panel("final training loss").Plot.GetPlottables<BarPlot>().First().Bars.Single(b => Math.Round(b.Position) == 0);

        // Cell q4 (SGD at alpha_0 0.001) ends at 0.5 / 5.
        Assert.Equal(0.1, sgdAt001.Value, 12);
        Assert.Equal("0.1", sgdAt001.Label);
        Assert.Equal(0, figure.Panel("final training loss").Plot.Axes.Left.Min);
    }

    [Fact]
    public void A_diverged_run_is_an_x_in_place_of_its_bar()
    {
        using var temp = new TempFolder();
        var cells = Sweeps.Quickstart();
        cells[1] = cells[1] with { Status = "diverged", FinalTrainLoss = double.NaN, FinalValidLoss = double.NaN };

        var figure = OnlineTuningFigure.Build(Sweeps.Context(temp, cells)).Single().Figure;
        var panel = figure.Panel("final training loss");
        var hd = panel.Plot.GetPlottables<BarPlot>().ElementAt(1);
        var mark = Assert.Single(Plots.Marks(panel, MarkerShape.Eks));

        Assert.Single(hd.Bars);
        Assert.Equal(0, Math.Round(hd.Bars[0].Position));
        var at = mark.Data.GetScatterPoints().Single();
        Assert.Equal((1.0, 0.0), (Math.Round(at.X), at.Y));
        Assert.Contains("diverged", Plots.LegendLabels(figure));
    }

    [Fact]
    public void A_single_alpha_0_has_no_online_tuning_figure()
    {
        using var temp = new TempFolder();
        var context = Sweeps.Context(temp, [.. Sweeps.Quickstart().Take(4)]);

        Assert.Empty(OnlineTuningFigure.Build(context));
    }
}
