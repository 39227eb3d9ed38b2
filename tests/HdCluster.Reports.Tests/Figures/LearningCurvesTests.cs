using HdCluster.Reports.Data;
using HdCluster.Reports.Figures;
using HdCluster.Reports.Plotting;
using ScottPlot;

namespace HdCluster.Reports.Tests.Figures;

public sealed class LearningCurvesTests
{
    private const string PublishedCsv = """
        model,method,alpha_0,beta,epoch,iteration,time_s,train_loss_epoch,valid_loss_epoch,alpha_last,alpha_epoch_mean
        logreg,sgd,0.001,0.001,0,0,0,2.22,2.28,0.001,0.001
        logreg,sgd,0.001,0.001,1,50,3.8,1.20,0.77,0.001,0.001
        logreg,sgd,0.001,0.001,2,100,7.6,0.68,0.58,0.001,0.001
        logreg,sgd,0.001,0.001,3,150,11.5,0.56,0.51,0.001,0.001
        logreg,sgd_hd,0.001,0.001,0,0,0,2.22,2.28,0.001,0.001
        logreg,sgd_hd,0.001,0.001,1,50,3.8,1.00,0.70,0.002,0.0015
        logreg,sgd_hd,0.001,0.001,2,100,7.6,0.60,0.52,0.003,0.0025
        """;

    [Fact]
    public void Each_alpha_0_gets_a_figure_with_a_panel_per_metric()
    {
        using var temp = new TempFolder();
        var context = Sweeps.Context(temp, Sweeps.Quickstart());

        var figures = LearningCurvesFigure.Build(context).ToArray();

        Assert.Equal(["learning-curves-alpha_0-0.001", "learning-curves-alpha_0-0.01"], figures.Select(f => f.Name));
        Assert.Equal("Learning curves, alpha_0 = 0.001", figures[0].Title);
        Assert.Equal(
            ["training loss per iteration", "training loss per epoch", "validation loss per epoch", "learning rate (L1.lr)"],
            figures[0].Figure.Panels.Select(p => p.Title));
    }

    [Fact]
    public void Every_panel_has_one_line_per_method_and_hd_shares_its_baselines_colour_with_another_dash()
    {
        using var temp = new TempFolder();
        var figure = LearningCurvesFigure.Build(Sweeps.Context(temp, Sweeps.Quickstart())).First().Figure;

        foreach (var panel in figure.Panels)
        {
            var lines = Plots.Lines(panel).ToDictionary(l => l.LegendText);
            Assert.Equal(["SGD", "SGD-HD", "Adam", "Adam-HD"], lines.Keys);
            Assert.Equal(lines["SGD"].Color, lines["SGD-HD"].Color);
            Assert.Equal(lines["Adam"].Color, lines["Adam-HD"].Color);
            Assert.NotEqual(lines["SGD"].Color, lines["Adam"].Color);
            Assert.Equal(("Solid", "Dashed"), (lines["SGD"].LinePattern.Name, lines["SGD-HD"].LinePattern.Name));
            Assert.Equal(("Solid", "Dashed"), (lines["Adam"].LinePattern.Name, lines["Adam-HD"].LinePattern.Name));
        }

        Assert.Equal(["SGD", "SGD-HD", "Adam", "Adam-HD"], Plots.LegendLabels(figure));
    }

    [Fact]
    public void Curves_start_at_the_untrained_model_and_end_at_the_last_epoch()
    {
        using var temp = new TempFolder();
        var figure = LearningCurvesFigure.Build(Sweeps.Context(temp, Sweeps.Quickstart())).First().Figure;
        var epochs = figure.Panel("validation loss per epoch").Plot;
        var iterations = figure.Panel("training loss per iteration").Plot;

        Assert.Equal([0, 1, 2], Plots.Points(Plots.Line(figure.Panel("validation loss per epoch"), "SGD")).Select(p => p.X));
        Assert.InRange(epochs.Axes.Bottom.Min, -0.1, 0);
        Assert.InRange(epochs.Axes.Bottom.Max, 2, 2.1);
        Assert.Equal(["0", "1", "2"], Plots.TickLabels(epochs, epochs.Axes.Bottom));
        Assert.InRange(iterations.Axes.Bottom.Min, 8, 10);
        Assert.InRange(iterations.Axes.Bottom.Max, 100, 102);
    }

    [Fact]
    public void A_loss_spanning_decades_gets_a_log_axis_with_decade_labels_and_log_spaced_minor_ticks()
    {
        using var temp = new TempFolder();
        var context = Sweeps.Context(temp, [new SyntheticCell("c", "sgd(lr=0.1)") { StepsDone = 1000, Loss = step => 2.3 * Math.Pow(0.99, step) }]);

        var panel = LearningCurvesFigure.Build(context).Single().Figure.Panel("training loss per iteration");
        var y = panel.Plot.Axes.Left;
        var labels = Plots.TickLabels(panel.Plot, y);

        Assert.Equal(ScaleKind.Log, panel.Y.Kind);
        Assert.Contains("10⁻³", labels);
        Assert.Contains("10⁰", labels);

        // Drawn as log10 of the loss: the last point (step 1000) sits at log10(2.3 * 0.99^1000).
        Assert.Equal(Math.Log10(2.3 * Math.Pow(0.99, 1000)), Plots.Points(Plots.Line(panel, "SGD")).Last().Y, 9);
        var minors = y.TickGenerator.Ticks.Where(t => !t.IsMajor).Select(t => t.Position).Where(p => p > -1 && p < 0).Order().ToArray();
        Assert.Equal(Enumerable.Range(1, 9).Select(m => Math.Log10(m / 10.0)).Skip(1), minors, new Tolerance(1e-9));
    }

    [Fact]
    public void Losses_that_end_close_together_get_a_zoomed_axis_and_the_caption_says_so()
    {
        using var temp = new TempFolder();
        var context = Sweeps.Context(temp,
        [
            new SyntheticCell("a", "sgd(lr=0.1)") { Loss = step => 0.28 + (2.2 * Math.Exp(-step / 8.0)) },
            new SyntheticCell("b", "adam(lr=0.1)") { Loss = step => 0.34 + (2.1 * Math.Exp(-step / 8.0)) },
        ]);

        var figure = LearningCurvesFigure.Build(context).Single();
        var panel = figure.Figure.Panel("training loss per iteration");
        var (bottom, top) = (panel.Plot.Axes.Left.Min, panel.Plot.Axes.Left.Max);

        // On 0..2.5 the ends (0.28, 0.34) would lie 2 % of the axis apart; zoomed, they must lie at least a fifth apart.
        Assert.NotEqual(ScaleKind.Linear, panel.Y.Kind);
        var ends = Plots.Lines(panel).Select(l => Plots.Points(l).Last().Y).ToArray();
        Assert.True(Math.Abs(ends[0] - ends[1]) / (top - bottom) >= 0.2, $"ends {ends[0]} and {ends[1]} on an axis {bottom}..{top}");
        Assert.Contains("training loss per iteration: " + panel.Y.Describe(), figure.Caption);
    }

    [Fact]
    public void Published_curves_of_the_same_setting_are_overlaid_and_every_legend_entry_looks_different()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.Sub("published.csv"), PublishedCsv);
        var context = Sweeps.Context(temp, Sweeps.Quickstart(), PublishedCurves.Load(temp.Sub("published.csv")));

        var figures = LearningCurvesFigure.Build(context).ToDictionary(f => f.Name);
        var matching = figures["learning-curves-alpha_0-0.001"];
        var other = figures["learning-curves-alpha_0-0.01"].Figure;
        var train = matching.Figure.Panel("training loss per epoch");
        var sgd = Plots.Line(train, "SGD (published)");
        var sgdHd = Plots.Line(train, "SGD-HD (published)");

        Assert.Equal(3, Plots.Points(sgd).Length);
        Assert.Equal(Plots.Line(train, "SGD").Color, sgd.Color);
        Assert.NotEqual(MarkerShape.None, sgd.MarkerShape);
        Assert.NotEqual(sgd.MarkerShape, sgdHd.MarkerShape);
        Assert.NotEqual(sgd.LinePattern.Name, sgdHd.LinePattern.Name);
        Assert.Single(Plots.Lines(matching.Figure.Panel("validation loss per epoch")), l => l.LegendText == "SGD (published)");
        Assert.Equal(0, Plots.Line(matching.Figure.Panel("learning rate (L1.lr)"), "SGD (published)").LineWidth);
        Assert.DoesNotContain(Plots.LegendLabels(other), l => l.Contains("published", StringComparison.Ordinal));
        Assert.Contains("published numbers", matching.Caption);

        var legend = matching.Figure.Legend();
        Assert.Equal(legend.Count, legend.Select(i => $"{i.LineColor}|{i.LinePattern.Name}|{i.MarkerShape}|{i.LineWidth}").Distinct().Count());
    }

    [Fact]
    public void A_diverged_run_ends_in_an_x_explained_in_the_legend()
    {
        using var temp = new TempFolder();
        var context = Sweeps.Context(temp,
        [
            new SyntheticCell("ok", "sgd(lr=0.1)"),
            new SyntheticCell("bad", "sgd_hd(lr=0.1, beta=0.1)") { Status = "diverged", DivergedAtStep = 45, Loss = step => step > 40 ? double.NaN : 2.0 + step },
        ]);

        var figure = LearningCurvesFigure.Build(context).Single().Figure;
        var panel = figure.Panel("training loss per iteration");
        var mark = Assert.Single(Plots.Marks(panel, MarkerShape.Eks));

        Assert.Equal(Plots.Line(panel, "SGD-HD").Color, mark.Color);
        Assert.Equal(4, Plots.Points(Plots.Line(panel, "SGD-HD")).Length);
        Assert.Equal(Plots.Points(Plots.Line(panel, "SGD-HD")).Last(), mark.Data.GetScatterPoints().Single());
        Assert.Contains("diverged (last value)", Plots.LegendLabels(figure));
    }

    [Fact]
    public void A_sweep_with_nothing_varied_but_the_method_gets_one_figure()
    {
        using var temp = new TempFolder();
        var context = Sweeps.Context(temp, [new SyntheticCell("a", "sgd(lr=0.1)"), new SyntheticCell("b", "adam(lr=0.001)")]);

        var figure = LearningCurvesFigure.Build(context).Single();

        Assert.Equal("learning-curves", figure.Name);
        Assert.Equal("Learning curves", figure.Title);
    }

    [Fact]
    public void One_methods_cells_in_two_fused_groups_draw_one_line_per_method()
    {
        using var temp = new TempFolder();
        // SGD at alpha_0 0.01 trained in group a and at 0.001 in group b; each figure holds cells of both groups.
        var cells = Sweeps.Quickstart().Select((c, i) => c with { GroupId = (i + (i / 4)) % 2 == 0 ? "group-a" : "group-b" }).ToArray();
        Assert.NotEqual(cells[0].GroupId, cells[4].GroupId);
        var context = Sweeps.Context(temp, cells);

        var figures = LearningCurvesFigure.Build(context).ToArray();

        Assert.Equal(["learning-curves-alpha_0-0.001", "learning-curves-alpha_0-0.01"], figures.Select(f => f.Name));
        Assert.DoesNotContain("group_id", context.Dimensions.Free);
        Assert.All(figures.SelectMany(f => f.Figure.Panels), p => Assert.Equal(["SGD", "SGD-HD", "Adam", "Adam-HD"], Plots.LineLabels(p)));
    }

    [Fact]
    public void Tower_heights_name_the_lines_by_height()
    {
        using var temp = new TempFolder();
        var figure = LearningCurvesFigure.Build(Sweeps.Context(temp, Sweeps.Towers())).First().Figure;

        Assert.Equal(["height 0", "height 1", "height 2", "height 3"], Plots.LegendLabels(figure));
        Assert.Equal(4, Plots.Lines(figure.Panel("learning rate (L1.alpha)")).Select(l => l.Color).Distinct().Count());
    }

    private sealed class Tolerance(double epsilon) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= epsilon;

        public int GetHashCode(double obj) => 0;
    }
}
