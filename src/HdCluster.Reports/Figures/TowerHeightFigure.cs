using System.Globalization;
using HdCluster.Reports.Data;
using HdCluster.Reports.Plotting;
using ScottPlot;

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
        var figure = new FigureSheet(title) { Subtitle = context.Describe(cells), Columns = 2 };
        var anyDiverged = false;
        static double Height(CellRow c) => c.Number(SweepDimensions.Height)!.Value;
        LineLook Look(int i) => new(LineLook.Palette.GetColor(i), LinePattern.Solid, Markers[i % Markers.Length]);
        CellRow[] LineOf(double? alpha) => cells.Where(c => c.Number(SweepDimensions.Alpha0) == alpha).OrderBy(Height).ToArray();

        foreach (var (panelTitle, metric) in new (string, Func<CellRow, double>)[] { ("final training loss vs height", c => c.FinalTrainLoss), ("final validation loss vs height", c => c.FinalValidLoss) })
        {
            var panel = figure.AddPanel(panelTitle);
            var lines = alphas.Select((a, i) => new LineData(Label(a), Look(i), LineOf(a).Where(c => !c.Diverged).Select(c => (Height(c), metric(c))).ToArray())).ToArray();
            PanelLines.Draw(figure, panel, HeightLabel, "final loss", lines, zoom: false);
            for (var i = 0; i < alphas.Length; i++)
            {
                anyDiverged |= MarkDiverged(panel, LineOf(alphas[i]).Where(c => c.Diverged).Select(Height), LineLook.Diverged(Look(i).Color));
            }
        }

        if (alphas.Count(a => a.HasValue) >= 2)
        {
            var spread = figure.AddPanel("spread over α₀ vs height");
            var gray = Color.FromHex("#333333");
            var lines = new (string Label, LinePattern Dash, Func<CellRow, double> Metric)[] { ("training loss spread", LinePattern.Solid, c => c.FinalTrainLoss), ("validation loss spread", LinePattern.Dashed, c => c.FinalValidLoss) }
                .Select(s => new LineData(s.Label, new LineLook(gray, s.Dash, MarkerShape.FilledSquare), cells.GroupBy(Height).OrderBy(g => g.Key)
                    .Select(g => (g.Key, Spread(g.Where(c => c.Completed).Select(s.Metric)))).ToArray()))
                .ToArray();
            PanelLines.Draw(figure, spread, HeightLabel, "max − min of final loss over α₀", lines, zoom: false);
            anyDiverged |= MarkDiverged(spread, cells.Where(c => c.Diverged).Select(Height).Distinct(), LineLook.Diverged(gray));
        }

        var timed = alphas.Select((a, i) => new LineData(Label(a), Look(i), LineOf(a).Where(c => c.StepsDone > 0).Select(c => (Height(c), c.WallSeconds / c.StepsDone!.Value)).ToArray())).ToArray();
        PanelLines.Draw(figure, figure.AddPanel("time per step vs height"), HeightLabel, "seconds per step", timed, zoom: false);

        if (anyDiverged)
        {
            figure.AddLegendEntry(LegendEntries.Diverged());
        }

        var heights = cells.Select(Height).Distinct().Order().ToArray();
        var caption = string.Create(CultureInfo.InvariantCulture, $"Heights {heights.First()} to {heights.Last()} (levels stacked on the base optimizer), one line per initial step size α₀. ")
            + "The spread panel is the range of the final loss over α₀ at each height: the lower, the less the result depends on α₀. "
            + "Time per step is wall-clock seconds over steps, including evaluation"
            + (cells.Any(c => c.GroupId is not null) ? "; a cell trained in a fused group shows its group's time." : ".")
            + (anyDiverged ? " An 'x' on the top edge marks a run that diverged." : "")
            + PanelLines.AxisNote(figure);
        return new ReportFigure("tower-heights" + (group.Slug.Length > 0 ? "-" + group.Slug : ""), caption, figure);
    }

    private const string HeightLabel = "tower height (levels above the base)";

    private static readonly MarkerShape[] Markers = [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond, MarkerShape.OpenCircle];

    private static string Label(double? alpha) => alpha is { } a ? $"α₀ = {TickFormat.Compact(a)}" : "final loss";

    /// <summary>An 'x' on the panel's top edge at each of <paramref name="heights"/>; whether there was any.</summary>
    private static bool MarkDiverged(Panel panel, IEnumerable<double> heights, LineLook look)
    {
        var top = panel.Y.Limits.Top;
        var points = heights.Select(h => (h, top)).ToArray();
        if (points.Length == 0)
        {
            return false;
        }

        panel.AddMarks(points, look, mapped: true);
        return true;
    }

    private static double Spread(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        return finite.Length >= 2 ? finite.Max() - finite.Min() : double.NaN;
    }
}
