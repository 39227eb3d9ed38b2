using HdCluster.Reports.Data;
using HdCluster.Reports.Figures;

namespace HdCluster.Reports.Tests.Figures;

public sealed class LearningCurvesTests
{
    private const string PublishedCsv = """
        model,method,alpha_0,beta,epoch,iteration,time_s,train_loss_epoch,valid_loss_epoch,alpha_last,alpha_epoch_mean
        logreg,sgd,0.001,0.001,0,0,0,2.22,2.28,0.001,0.001
        logreg,sgd,0.001,0.001,1,50,3.8,1.20,0.77,0.001,0.001
        logreg,sgd,0.001,0.001,2,100,7.6,0.68,0.58,0.001,0.001
        logreg,sgd,0.001,0.001,3,150,11.5,0.56,0.51,0.001,0.001
        """;

    [Fact]
    public void Each_alpha_0_gets_a_figure_with_a_panel_per_metric()
    {
        using var temp = new TempFolder();
        var context = Sweeps.Context(temp, Sweeps.Quickstart());

        var figures = LearningCurvesFigure.Build(context).ToArray();

        Assert.Equal(["learning-curves-alpha_0-0.001", "learning-curves-alpha_0-0.01"], figures.Select(f => f.Name));
        Assert.Equal("Learning curves, alpha_0 = 0.001", figures[0].Title);
        var svg = Svg.Render(figures[0].Figure);
        Assert.Equal(
            ["training loss per iteration", "training loss per epoch", "validation loss per epoch", "learning rate (L1.lr)"],
            svg.PanelTitles);
    }

    [Fact]
    public void Every_panel_has_one_line_per_method_and_hd_shares_its_baselines_colour_with_another_dash()
    {
        using var temp = new TempFolder();
        var figure = LearningCurvesFigure.Build(Sweeps.Context(temp, Sweeps.Quickstart())).First();

        var svg = Svg.Render(figure.Figure);

        foreach (var title in svg.PanelTitles)
        {
            var lines = Svg.Lines(svg.Panel(title)).ToDictionary(l => Svg.Attr(l, "data-label"));
            Assert.Equal(["SGD", "SGD-HD", "Adam", "Adam-HD"], lines.Keys);
            Assert.Equal(Svg.Attr(lines["SGD"], "data-color"), Svg.Attr(lines["SGD-HD"], "data-color"));
            Assert.Equal(Svg.Attr(lines["Adam"], "data-color"), Svg.Attr(lines["Adam-HD"], "data-color"));
            Assert.NotEqual(Svg.Attr(lines["SGD"], "data-color"), Svg.Attr(lines["Adam"], "data-color"));
            Assert.Equal(("solid", "dashed"), (Svg.Attr(lines["SGD"], "data-dash"), Svg.Attr(lines["SGD-HD"], "data-dash")));
            Assert.Equal(("solid", "dashed"), (Svg.Attr(lines["Adam"], "data-dash"), Svg.Attr(lines["Adam-HD"], "data-dash")));
        }

        Assert.Equal(["SGD", "SGD-HD", "Adam", "Adam-HD"], svg.LegendLabels);
    }

    [Fact]
    public void Curves_start_at_the_untrained_model_and_end_at_the_last_epoch()
    {
        using var temp = new TempFolder();
        var svg = Svg.Render(LearningCurvesFigure.Build(Sweeps.Context(temp, Sweeps.Quickstart())).First().Figure);

        var epochs = Svg.Axis(svg.Panel("validation loss per epoch"), "x");
        var iterations = Svg.Axis(svg.Panel("training loss per iteration"), "x");

        Assert.Equal((0, 2), (Svg.Data(epochs, "min"), Svg.Data(epochs, "max")));
        Assert.Equal(["0", "1", "2"], Svg.TickLabels(epochs));
        Assert.Equal((10, 100), (Svg.Data(iterations, "min"), Svg.Data(iterations, "max")));
        Assert.Equal(3, Svg.Data(Svg.Line(svg.Panel("validation loss per epoch"), "SGD"), "points"));
    }

    [Fact]
    public void A_loss_spanning_decades_gets_a_log_axis_with_decade_labels()
    {
        using var temp = new TempFolder();
        var context = Sweeps.Context(temp, [new SyntheticCell("c", "sgd(lr=0.1)") { StepsDone = 1000, Loss = step => 2.3 * Math.Pow(0.99, step) }]);

        var svg = Svg.Render(LearningCurvesFigure.Build(context).Single().Figure);
        var y = Svg.Axis(svg.Panel("training loss per iteration"), "y");

        Assert.Equal("log", Svg.Attr(y, "data-scale"));
        Assert.Contains("10⁻³", Svg.TickLabels(y));
        Assert.Contains("10⁰", Svg.TickLabels(y));
    }

    [Fact]
    public void Published_curves_of_the_same_setting_are_overlaid_and_labelled_published()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.Sub("published.csv"), PublishedCsv);
        var context = Sweeps.Context(temp, Sweeps.Quickstart(), PublishedCurves.Load(temp.Sub("published.csv")));

        var figures = LearningCurvesFigure.Build(context).ToDictionary(f => f.Name);
        var matching = Svg.Render(figures["learning-curves-alpha_0-0.001"].Figure);
        var other = Svg.Render(figures["learning-curves-alpha_0-0.01"].Figure);

        var published = Svg.Line(matching.Panel("training loss per epoch"), "SGD (published)");
        Assert.Equal(3, Svg.Data(published, "points"));
        Assert.Equal("circle", Svg.Attr(published, "data-marker"));
        Assert.Equal(Svg.Attr(Svg.Line(matching.Panel("training loss per epoch"), "SGD"), "data-color"), Svg.Attr(published, "data-color"));
        Assert.Single(Svg.Lines(matching.Panel("validation loss per epoch")), l => Svg.Attr(l, "data-label") == "SGD (published)");
        Assert.Single(Svg.Lines(matching.Panel("learning rate (L1.lr)")), l => Svg.Attr(l, "data-label") == "SGD (published)");
        Assert.Contains("SGD (published)", matching.LegendLabels);
        Assert.DoesNotContain(other.LegendLabels, l => l.Contains("published", StringComparison.Ordinal));
        Assert.Contains("published numbers", figures["learning-curves-alpha_0-0.001"].Caption);
        Assert.Null(Svg.Line(matching.Panel("learning rate (L1.lr)"), "SGD (published)").Element(Svg.Ns + "path"));
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

        var svg = Svg.Render(LearningCurvesFigure.Build(context).Single().Figure);
        var panel = svg.Panel("training loss per iteration");
        var mark = Svg.WithClass(panel, "scatter", "diverged").Single();

        Assert.Equal(1, Svg.Data(mark, "points"));
        Assert.Equal(Svg.Attr(Svg.Line(panel, "SGD-HD"), "data-color"), Svg.Attr(mark, "data-color"));
        Assert.Equal(4, Svg.Data(Svg.Line(panel, "SGD-HD"), "points"));
        Assert.Contains("diverged (last value)", svg.LegendLabels);
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
    public void Tower_heights_name_the_lines_by_height()
    {
        using var temp = new TempFolder();
        var figure = LearningCurvesFigure.Build(Sweeps.Context(temp, Sweeps.Towers())).First();

        var svg = Svg.Render(figure.Figure);

        Assert.Equal(["height 0", "height 1", "height 2", "height 3"], svg.LegendLabels);
        Assert.Equal(4, Svg.Lines(svg.Panel("learning rate (L1.alpha)")).Select(l => Svg.Attr(l, "data-color")).Distinct().Count());
    }
}
