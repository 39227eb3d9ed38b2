using HdCluster.Reports.Charts;
using HdCluster.Reports.Data;

namespace HdCluster.Reports.Figures;

/// <summary>
/// Baydin et al.'s "behaviour of the optimizers" figure for any sweep: training loss per iteration and per
/// epoch, validation loss per epoch, and each level-1 hyperparameter (the learning rate) over iterations; one
/// panel per metric, one line per method. Published curves of the same setting are overlaid with circles.
/// One figure per value of the dimensions that vary freely (alpha_0, seed).
/// </summary>
public static class LearningCurvesFigure
{
    public const string Kind = "learning curves";

    public static IEnumerable<ReportFigure> Build(ReportContext context)
    {
        var groups = context.Groups(context.Data.Cells, context.Dimensions.Free, Kind);
        foreach (var group in groups)
        {
            yield return Build(context, group);
        }
    }

    public static ReportFigure Build(ReportContext context, CellGroup group)
    {
        var cells = context.Ordered(group.Cells);
        var title = group.Key.Count == 0 ? "Learning curves" : $"Learning curves, {group.Title}";
        var figure = new Figure(title) { Subtitle = context.Describe(cells), Columns = 2 };
        var matched = cells.Select(c => (Cell: c, Run: context.Published.Match(c))).Where(m => m.Run is not null).ToArray();
        var maxEpoch = cells.SelectMany(c => context.Data.CurvesOf(c).Epochs).Select(e => e.Epoch).DefaultIfEmpty(0).Max();

        if (cells.Any(c => context.Data.CurvesOf(c).Steps.Any(s => double.IsFinite(s.Loss))))
        {
            var panel = Panel(figure, "training loss per iteration", "iteration", "training loss (minibatch)");
            Lines(context, figure, panel, cells, c => context.Data.CurvesOf(c).Steps.Select(s => ((double)s.Step, s.Loss)));
        }

        if (cells.Any(c => context.Data.CurvesOf(c).Epochs.Count > 0))
        {
            var train = Panel(figure, "training loss per epoch", "epoch", "training loss");
            Lines(context, figure, train, cells, c => context.Data.CurvesOf(c).Epochs.Select(e => ((double)e.Epoch, e.TrainLoss)));
            Published(context, train, matched, maxEpoch, p => (p.Epoch, p.TrainLoss), connect: true);

            var valid = Panel(figure, "validation loss per epoch", "epoch", "validation loss");
            Lines(context, figure, valid, cells, c => context.Data.CurvesOf(c).Epochs.Select(e => ((double)e.Epoch, e.ValidLoss)));
            Published(context, valid, matched, maxEpoch, p => (p.Epoch, p.ValidLoss), connect: true);
        }

        for (var h = 0; h < context.Data.Hyperparameters.Count; h++)
        {
            var column = context.Data.Hyperparameters[h];
            var index = h;
            if (column.Level != 1 || !cells.Any(c => HyperparameterPoints(context, c, index).Any(p => double.IsFinite(p.Y))))
            {
                continue;
            }

            var panel = Panel(figure, column.Title, "iteration", column.Column);
            Lines(context, figure, panel, cells, c => HyperparameterPoints(context, c, index));
            if (column.IsStepSize)
            {
                // One published value per epoch on an axis of iterations: markers, not a line between them.
                Published(context, panel, matched, maxEpoch, p => (p.Iteration, p.AlphaLast), connect: false);
            }
        }

        if (figure.Panels.Count == 0)
        {
            Panel(figure, "training loss per epoch", "epoch", "training loss").EmptyNote = "no curves recorded";
        }

        var caption = "One panel per metric, one line per " + (context.Dimensions.HeightDriven ? "tower height." : "method; a hypergradient (HD) or hyperoptimized variant has its baseline's colour and a different dash.")
            + " Axes turn logarithmic where the values span decades."
            + (figure.ExtraLegend.Any(e => e.Marker == MarkerShape.Cross) ? " An 'x' marks the last value of a run that diverged." : "")
            + (matched.Length > 0 ? $" Circles are the published numbers of the same setting ({Path.GetFileName(context.Published.Source)}) over the epochs run here, joined on the epoch axes; on the iteration axis they are the learning rate at each epoch's end." : "");
        return new ReportFigure("learning-curves" + (group.Slug.Length > 0 ? "-" + group.Slug : ""), caption, figure);
    }

    /// <summary>A hyperparameter over iterations: the epoch records (step 0 holds the initial value) merged with the step records.</summary>
    internal static IEnumerable<(double X, double Y)> HyperparameterPoints(ReportContext context, CellRow cell, int index)
    {
        var curves = context.Data.CurvesOf(cell);
        return curves.Epochs.Select(e => (Step: e.Step, Value: e.Hyperparameters[index]))
            .Concat(curves.Steps.Select(s => (Step: s.Step, Value: s.Hyperparameters[index])))
            .GroupBy(p => p.Step)
            .OrderBy(g => g.Key)
            .Select(g => ((double)g.Key, g.Select(p => p.Value).FirstOrDefault(double.IsFinite, double.NaN)));
    }

    /// <summary>A panel over iterations or epochs: a linear x axis with whole-number ticks.</summary>
    internal static Axes Panel(Figure figure, string title, string xLabel, string yLabel)
    {
        var panel = figure.AddPanel(title);
        panel.X.Label = xLabel;
        panel.X.Scale = ScaleKind.Linear;
        panel.X.IntegerTicks = true;
        panel.Y.Label = yLabel;
        return panel;
    }

    /// <summary>A line per cell; a diverged cell also gets an 'x' at its last finite value, explained once in the legend.</summary>
    internal static void Lines(ReportContext context, Figure figure, Axes panel, IEnumerable<CellRow> cells, Func<CellRow, IEnumerable<(double X, double Y)>> points)
    {
        foreach (var cell in cells)
        {
            var style = context.Styles.Of(cell);
            var data = points(cell).ToArray();
            panel.Add(new LineSeries(context.Styles.Label(cell), style.Color, data) { Dash = style.Dash });
            if (cell.Diverged && data.LastOrDefault(p => double.IsFinite(p.Y)) is var last && double.IsFinite(last.Y))
            {
                panel.Add(new ScatterSeries("diverged", style.Color, [last], MarkerShape.Cross) { InLegend = false, Role = "diverged" });
                figure.AddLegendEntry(LegendEntry.Diverged("diverged (last value)"));
            }
        }
    }

    private static void Published(ReportContext context, Axes panel, IEnumerable<(CellRow Cell, PublishedRun? Run)> matched, long maxEpoch, Func<PublishedPoint, (double X, double Y)> point, bool connect)
    {
        foreach (var (cell, run) in matched)
        {
            var style = context.Styles.Of(cell);
            var points = run!.Points.Where(p => p.Epoch <= maxEpoch).Select(point).ToArray();
            if (points.Any(p => double.IsFinite(p.Y)))
            {
                panel.Add(new LineSeries($"{context.Styles.Label(cell)} (published)", style.Color, points)
                {
                    Dash = style.Dash,
                    Width = 1.1,
                    Marker = MarkerShape.Circle,
                    MarkerSize = 5,
                    Opacity = 0.8,
                    Connect = connect,
                });
            }
        }
    }
}
