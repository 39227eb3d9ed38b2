using HdCluster.Reports.Data;
using HdCluster.Reports.Plotting;
using ScottPlot;

namespace HdCluster.Reports.Figures;

/// <summary>
/// Baydin et al.'s online-tuning comparison: for each initial learning rate alpha_0, the final loss of every
/// method as bars, each HD method right beside its baseline in the same colour (HD pale with a dashed
/// outline). Shows how far hypergradients recover from a poor alpha_0. Drawn when alpha_0 varies across
/// several methods and no beta grid or tower height takes over.
/// </summary>
public static class OnlineTuningFigure
{
    public const string Kind = "online tuning";

    public static bool Applies(ReportContext context) =>
        context.Dimensions.IsFree(SweepDimensions.Alpha0)
        && context.Data.Cells.Select(c => c.Method.Label).Distinct(StringComparer.Ordinal).Count() > 1
        && !context.Dimensions.IsFree(SweepDimensions.Beta)
        && !context.Dimensions.Varies(SweepDimensions.Height);

    public static IEnumerable<ReportFigure> Build(ReportContext context)
    {
        if (!Applies(context))
        {
            yield break;
        }

        var others = context.Dimensions.Free.Where(d => d != SweepDimensions.Alpha0).ToArray();
        foreach (var group in context.Groups(context.Data.Cells, others, Kind))
        {
            yield return Build(context, group);
        }
    }

    public static ReportFigure Build(ReportContext context, CellGroup group)
    {
        var cells = context.Ordered(group.Cells.Where(c => c.Number(SweepDimensions.Alpha0).HasValue));
        var alphas = cells.Select(c => c.Number(SweepDimensions.Alpha0)!.Value).Distinct().Order().ToArray();
        var methods = cells.GroupBy(c => context.Styles.Label(c), StringComparer.Ordinal).ToArray();
        var title = group.Key.Count == 0 ? "Online tuning: final loss for each initial learning rate" : $"Online tuning, {group.Title}";
        var figure = new FigureSheet(title) { Subtitle = context.Describe(cells), Columns = 2, PanelWidth = Math.Max(440, 100 + (alphas.Length * methods.Length * 22)) };
        var anyDiverged = false;
        var width = 0.8 / Math.Max(1, methods.Length);
        foreach (var (panelTitle, metric) in new (string, Func<CellRow, double>)[] { ("final training loss", c => c.FinalTrainLoss), ("final validation loss", c => c.FinalValidLoss) })
        {
            if (!cells.Any(c => double.IsFinite(metric(c)) || c.Diverged))
            {
                continue;
            }

            var panel = figure.AddPanel(panelTitle);
            panel.SetCategoriesX("initial learning rate α₀", TickFormat.Categories(alphas));
            var values = cells.Where(c => c.Completed).Select(metric).Where(double.IsFinite).DefaultIfEmpty(1).ToArray();
            panel.SetY("loss", ValueScale.Linear(0, values.Max()));

            // Bars stand on zero, with room above the tallest for its printed value.
            panel.Plot.Axes.SetLimitsY(0, values.Max() * 1.15);
            for (var m = 0; m < methods.Length; m++)
            {
                var first = methods[m].First();
                var look = context.Styles.Of(first);
                var offset = ((m + 0.5) * width) - 0.4;
                var bars = new List<Bar>();
                var diverged = new List<(double X, double Y)>();
                for (var a = 0; a < alphas.Length; a++)
                {
                    var cell = methods[m].FirstOrDefault(c => c.Number(SweepDimensions.Alpha0) == alphas[a]);
                    if (cell is { Diverged: true })
                    {
                        diverged.Add((a + offset, 0));
                    }
                    else if (cell is not null && double.IsFinite(metric(cell)))
                    {
                        bars.Add(BarOf(a + offset, metric(cell), width, look, light: !first.Method.IsBaseline));
                    }
                }

                panel.Plot.Add.Bars(bars);
                figure.AddLegendEntry(LegendOf(methods[m].Key, look, light: !first.Method.IsBaseline));
                if (diverged.Count > 0)
                {
                    anyDiverged = true;
                    panel.AddMarks(diverged, LineLook.Diverged(look.Color), mapped: true);
                }
            }
        }

        if (anyDiverged)
        {
            figure.AddLegendEntry(LegendEntries.Diverged());
        }

        var caption = "Final loss of each method at each initial learning rate α₀, the value printed on each bar. A hypergradient (HD) or hyperoptimized variant stands right of its baseline in the same colour, pale with a dashed outline."
            + (anyDiverged ? " An 'x' on the axis marks a run that diverged." : "");
        return new ReportFigure("online-tuning" + (group.Slug.Length > 0 ? "-" + group.Slug : ""), caption, figure);
    }

    private static LegendItem LegendOf(string label, LineLook look, bool light) => new()
    {
        LabelText = label,
        FillColor = light ? look.Color.WithAlpha(0.25) : look.Color,
        OutlineColor = look.Color,
        OutlineWidth = light ? 1.6f : 0,
        OutlinePattern = look.Pattern,
        LineWidth = 0,
    };

    private static Bar BarOf(double position, double value, double width, LineLook look, bool light) => new()
    {
        Position = position,
        Value = value,
        Size = width * 0.92,
        FillColor = light ? look.Color.WithAlpha(0.25) : look.Color,
        LineColor = look.Color,
        LineWidth = light ? 1.6f : 0,
        LinePattern = look.Pattern,
        Label = TickFormat.Compact(value),
    };
}
