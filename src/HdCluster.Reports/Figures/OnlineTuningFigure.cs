using HdCluster.Reports.Charts;
using HdCluster.Reports.Data;

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
        var categories = TickFormat.Categories(alphas);
        var methods = cells.GroupBy(c => c.Method.Label, StringComparer.Ordinal).ToArray();
        var title = group.Key.Count == 0 ? "Online tuning: final loss for each initial learning rate" : $"Online tuning, {group.Title}";
        var figure = new Figure(title) { Subtitle = context.Describe(cells), Columns = 2, PanelWidth = Math.Max(400, 90 + (alphas.Length * methods.Length * 13)) };
        var anyDiverged = false;
        foreach (var (panelTitle, metric) in new (string, Func<CellRow, double>)[] { ("final training loss", c => c.FinalTrainLoss), ("final validation loss", c => c.FinalValidLoss) })
        {
            if (!cells.Any(c => double.IsFinite(metric(c)) || c.Diverged))
            {
                continue;
            }

            var panel = figure.AddPanel(panelTitle);
            panel.X.Label = "initial learning rate α₀";
            panel.Y.Label = "loss";
            panel.X.SetCategories(categories);
            foreach (var method in methods)
            {
                var first = method.First();
                var style = context.Styles.Of(first);
                var values = alphas.Select(a => method.FirstOrDefault(c => c.Number(SweepDimensions.Alpha0) == a) switch
                {
                    null => BarValue.Missing,
                    { Diverged: true } => BarValue.DivergedRun,
                    var c when double.IsFinite(metric(c)) => new BarValue(metric(c)),
                    _ => BarValue.Missing,
                }).ToArray();
                anyDiverged |= values.Any(v => v.Diverged);
                panel.Add(new BarSeries(context.Styles.Label(first), style.Color, values) { Light = !first.Method.IsBaseline, Dash = style.Dash });
            }
        }

        if (anyDiverged)
        {
            figure.AddLegendEntry(LegendEntry.Diverged());
        }

        var caption = "Final loss of each method at each initial learning rate α₀. A hypergradient (HD) or hyperoptimized variant stands right of its baseline in the same colour, pale with a dashed outline."
            + (anyDiverged ? " An 'x' on the axis marks a run that diverged." : "");
        return new ReportFigure("online-tuning" + (group.Slug.Length > 0 ? "-" + group.Slug : ""), caption, figure);
    }
}
