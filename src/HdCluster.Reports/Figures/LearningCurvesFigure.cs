using HdCluster.Reports.Data;
using HdCluster.Reports.Plotting;

namespace HdCluster.Reports.Figures;

/// <summary>
/// Baydin et al.'s "behaviour of the optimizers" figure for any sweep: training loss per iteration and per
/// epoch, validation loss per epoch, and each level-1 hyperparameter (the learning rate) over iterations; one
/// panel per metric, one line per method. Published curves of the same setting are overlaid with markers.
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
        var figure = new FigureSheet(title) { Subtitle = context.Describe(cells), Columns = 2 };
        var matched = cells.Select(c => (Cell: c, Run: context.Published.Match(c))).Where(m => m.Run is not null).Select(m => (m.Cell, Run: m.Run!)).ToArray();
        var maxEpoch = cells.SelectMany(c => context.Data.CurvesOf(c).Epochs).Select(e => e.Epoch).DefaultIfEmpty(0).Max();

        if (cells.Any(c => context.Data.CurvesOf(c).Steps.Any(s => double.IsFinite(s.Loss))))
        {
            var lines = Lines(context, cells, c => context.Data.CurvesOf(c).Steps.Select(s => ((double)s.Step, s.Loss)));
            PanelLines.Draw(figure, figure.AddPanel("training loss per iteration"), "iteration", "training loss (minibatch)", lines, zoom: true);
        }

        if (cells.Any(c => context.Data.CurvesOf(c).Epochs.Count > 0))
        {
            var train = Lines(context, cells, c => context.Data.CurvesOf(c).Epochs.Select(e => ((double)e.Epoch, e.TrainLoss)))
                .Concat(Published(context, matched, maxEpoch, p => (p.Epoch, p.TrainLoss), connect: true)).ToArray();
            PanelLines.Draw(figure, figure.AddPanel("training loss per epoch"), "epoch", "training loss", train, zoom: true);

            var valid = Lines(context, cells, c => context.Data.CurvesOf(c).Epochs.Select(e => ((double)e.Epoch, e.ValidLoss)))
                .Concat(Published(context, matched, maxEpoch, p => (p.Epoch, p.ValidLoss), connect: true)).ToArray();
            PanelLines.Draw(figure, figure.AddPanel("validation loss per epoch"), "epoch", "validation loss", valid, zoom: true);
        }

        for (var h = 0; h < context.Data.Hyperparameters.Count; h++)
        {
            var column = context.Data.Hyperparameters[h];
            var index = h;
            if (column.Level != 1 || !cells.Any(c => HyperparameterPoints(context, c, index).Any(p => double.IsFinite(p.Y))))
            {
                continue;
            }

            // One published value per epoch on an axis of iterations: markers, not a line between them.
            var lines = Lines(context, cells, c => HyperparameterPoints(context, c, index))
                .Concat(column.IsStepSize ? Published(context, matched, maxEpoch, p => (p.Iteration, p.AlphaLast), connect: false) : []).ToArray();
            PanelLines.Draw(figure, figure.AddPanel(column.Title), "iteration", column.Column, lines, zoom: false);
        }

        if (figure.Panels.Count == 0)
        {
            figure.AddPanel("training loss per epoch").SetEmpty("no curves recorded");
        }

        var caption = "One panel per metric, one line per " + (context.Dimensions.HeightDriven ? "tower height." : "method; a hypergradient (HD) or hyperoptimized variant has its baseline's colour and a different dash.")
            + (figure.Legend().Any(e => e.LabelText == "diverged (last value)") ? " An 'x' marks the last value of a run that diverged." : "")
            + (matched.Length > 0 ? $" Marked lines are the published numbers of the same setting ({Path.GetFileName(context.Published.Source)}) over the epochs run here, in the method's colour and dash with a marker per method; on the iteration axis they are the learning rate at each epoch's end." : "")
            + PanelLines.AxisNote(figure);
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

    /// <summary>
    /// One line per method (or tower height) of <paramref name="cells"/>: cells that share a line's label (one method
    /// trained in two fused groups, say) are one line, the first cell's; a diverged run ends in an 'x'.
    /// </summary>
    internal static IReadOnlyList<LineData> Lines(ReportContext context, IEnumerable<CellRow> cells, Func<CellRow, IEnumerable<(double X, double Y)>> points) =>
        cells.GroupBy(context.Styles.Label, StringComparer.Ordinal)
            .Select(g => g.First())
            .Select(cell => new LineData(context.Styles.Label(cell), context.Styles.Of(cell), points(cell).ToArray()) { Diverged = cell.Diverged })
            .ToArray();

    private static IEnumerable<LineData> Published(ReportContext context, IEnumerable<(CellRow Cell, PublishedRun Run)> matched, long maxEpoch, Func<PublishedPoint, (double X, double Y)> point, bool connect)
    {
        foreach (var (cell, run) in matched.DistinctBy(m => context.Styles.Label(m.Cell)))
        {
            var points = run.Points.Where(p => p.Epoch <= maxEpoch).Select(point).ToArray();
            if (points.Any(p => double.IsFinite(p.Y)))
            {
                yield return new LineData($"{context.Styles.Label(cell)} (published)", context.Styles.Published(cell), points) { Connect = connect, Width = 1.1f };
            }
        }
    }
}
