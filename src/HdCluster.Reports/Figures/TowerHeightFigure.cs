using System.Globalization;
using HdCluster.Reports.Charts;
using HdCluster.Reports.Data;

namespace HdCluster.Reports.Figures;

/// <summary>
/// Chandra et al.'s tower study: final loss against tower height, one line per alpha_0; the spread of the
/// final loss over alpha_0 against height (their claim: taller towers are less sensitive to the initial
/// choice); and the time per step against height (each level should cost only a little). Diverged runs are
/// 'x' marks on the top edge.
/// </summary>
public static class TowerHeightFigure
{
    public const string Kind = "tower heights";

    public static bool Applies(ReportContext context) =>
        context.Dimensions.Varies(SweepDimensions.Height) && context.Data.Cells.Any(c => c.Number(SweepDimensions.Height).HasValue);

    public static IEnumerable<ReportFigure> Build(ReportContext context)
    {
        if (!Applies(context))
        {
            yield break;
        }

        var others = context.Dimensions.Free.Where(d => d is not SweepDimensions.Alpha0 and not SweepDimensions.Height).ToArray();
        foreach (var group in context.Groups(context.Data.Cells, others, Kind))
        {
            yield return Build(context, group);
        }
    }

    public static ReportFigure Build(ReportContext context, CellGroup group)
    {
        var cells = group.Cells.Where(c => c.Number(SweepDimensions.Height).HasValue).ToArray();
        var alphas = cells.Select(c => c.Number(SweepDimensions.Alpha0)).Distinct().OrderBy(a => a ?? double.NaN).ToArray();
        var title = "Tower height" + (group.Key.Count == 0 ? "" : $", {group.Title}");
        var figure = new Figure(title) { Subtitle = context.Describe(cells), Columns = 2 };
        var anyDiverged = false;

        foreach (var (panelTitle, metric) in new (string, Func<CellRow, double>)[] { ("final training loss vs height", c => c.FinalTrainLoss), ("final validation loss vs height", c => c.FinalValidLoss) })
        {
            var panel = HeightPanel(figure, panelTitle, "final loss");
            for (var i = 0; i < alphas.Length; i++)
            {
                var line = cells.Where(c => c.Number(SweepDimensions.Alpha0) == alphas[i]).OrderBy(c => c.Number(SweepDimensions.Height)).ToArray();
                var label = alphas[i] is { } a ? $"α₀ = {TickFormat.Compact(a)}" : "final loss";
                panel.Add(new LineSeries(label, Palette.At(i), line.Where(c => !c.Diverged).Select(c => (c.Number(SweepDimensions.Height)!.Value, metric(c)))) { Marker = MarkerShape.Circle });
                var diverged = line.Where(c => c.Diverged).Select(c => (c.Number(SweepDimensions.Height)!.Value, double.PositiveInfinity)).ToArray();
                if (diverged.Length > 0)
                {
                    anyDiverged = true;
                    panel.Add(new ScatterSeries("diverged", Palette.At(i), diverged, MarkerShape.Cross) { InLegend = false, Role = "diverged" });
                }
            }
        }

        if (alphas.Count(a => a.HasValue) >= 2)
        {
            var spread = HeightPanel(figure, "spread over α₀ vs height", "max − min of final loss over α₀");
            foreach (var (label, dash, metric) in new (string, Dash, Func<CellRow, double>)[] { ("training loss spread", Dash.Solid, c => c.FinalTrainLoss), ("validation loss spread", Dash.Dashed, c => c.FinalValidLoss) })
            {
                var points = cells.GroupBy(c => c.Number(SweepDimensions.Height)!.Value).OrderBy(g => g.Key)
                    .Select(g => (g.Key, Spread(g.Where(c => c.Completed).Select(metric))))
                    .ToArray();
                spread.Add(new LineSeries(label, Color.FromHex("#333333"), points) { Dash = dash, Marker = MarkerShape.Square, MarkerSize = 5 });
            }

            var divergedHeights = cells.Where(c => c.Diverged).Select(c => c.Number(SweepDimensions.Height)!.Value).Distinct().Select(h => (h, double.PositiveInfinity)).ToArray();
            if (divergedHeights.Length > 0)
            {
                spread.Add(new ScatterSeries("diverged", Color.FromHex("#333333"), divergedHeights, MarkerShape.Cross) { InLegend = false, Role = "diverged" });
            }
        }

        var cost = HeightPanel(figure, "time per step vs height", "seconds per step");
        for (var i = 0; i < alphas.Length; i++)
        {
            var line = cells.Where(c => c.Number(SweepDimensions.Alpha0) == alphas[i] && c.StepsDone > 0).OrderBy(c => c.Number(SweepDimensions.Height));
            var label = alphas[i] is { } a ? $"α₀ = {TickFormat.Compact(a)}" : "final loss";
            cost.Add(new LineSeries(label, Palette.At(i), line.Select(c => (c.Number(SweepDimensions.Height)!.Value, c.WallSeconds / c.StepsDone!.Value))) { Marker = MarkerShape.Circle });
        }

        if (anyDiverged)
        {
            figure.AddLegendEntry(LegendEntry.Diverged());
        }

        var heights = cells.Select(c => c.Number(SweepDimensions.Height)!.Value).Distinct().Order().ToArray();
        var caption = string.Create(CultureInfo.InvariantCulture, $"Heights {heights.First()} to {heights.Last()} (levels stacked on the base optimizer), one line per initial step size α₀. ")
            + "The spread panel is the range of the final loss over α₀ at each height: the lower, the less the result depends on α₀. "
            + "Time per step is wall-clock seconds over steps, including evaluation."
            + (anyDiverged ? " An 'x' on the top edge marks a run that diverged." : "");
        return new ReportFigure("tower-heights" + (group.Slug.Length > 0 ? "-" + group.Slug : ""), caption, figure);
    }

    private static Axes HeightPanel(Figure figure, string title, string yLabel)
    {
        var panel = figure.AddPanel(title);
        panel.X.Label = "tower height (levels above the base)";
        panel.X.IntegerTicks = true;
        panel.X.Scale = ScaleKind.Linear;
        panel.Y.Label = yLabel;
        return panel;
    }

    private static double Spread(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        return finite.Length >= 2 ? finite.Max() - finite.Min() : double.NaN;
    }
}
