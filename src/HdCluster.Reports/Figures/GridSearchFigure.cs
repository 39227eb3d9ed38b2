using HdCluster.Reports.Charts;
using HdCluster.Reports.Data;

namespace HdCluster.Reports.Figures;

/// <summary>
/// Baydin et al.'s grid search: the final loss over beta x alpha_0 as a heatmap, one panel per method, one
/// colour scale for all panels of a figure. Diverged cells are hatched and crossed (legend: "diverged"),
/// cells without a result left pale. One figure for the training loss and one for the validation loss.
/// </summary>
public static class GridSearchFigure
{
    public const string Kind = "grid search";

    public static bool Applies(ReportContext context) =>
        context.Dimensions.IsFree(SweepDimensions.Alpha0) && context.Dimensions.IsFree(SweepDimensions.Beta);

    public static IEnumerable<ReportFigure> Build(ReportContext context)
    {
        if (!Applies(context))
        {
            yield break;
        }

        var others = context.Dimensions.Free.Where(d => d is not SweepDimensions.Alpha0 and not SweepDimensions.Beta).ToArray();
        foreach (var group in context.Groups(context.Data.Cells, others, Kind))
        {
            foreach (var (metric, name, value) in new (string, string, Func<CellRow, double>)[]
            {
                ("final training loss", "train-loss", c => c.FinalTrainLoss),
                ("final validation loss", "valid-loss", c => c.FinalValidLoss),
            })
            {
                if (group.Cells.Any(c => double.IsFinite(value(c)) || c.Diverged))
                {
                    yield return Build(context, group, metric, name, value);
                }
            }
        }
    }

    public static ReportFigure Build(ReportContext context, CellGroup group, string metric, string name, Func<CellRow, double> value)
    {
        var cells = context.Ordered(group.Cells.Where(c => c.Number(SweepDimensions.Alpha0).HasValue && c.Number(SweepDimensions.Beta).HasValue));
        var alphas = cells.Select(c => c.Number(SweepDimensions.Alpha0)!.Value).Distinct().Order().ToArray();
        var betas = cells.Select(c => c.Number(SweepDimensions.Beta)!.Value).Distinct().Order().ToArray();
        var finite = cells.Where(c => c.Completed).Select(value).Where(double.IsFinite).ToArray();
        var colorKind = Scale.Resolve(ScaleKind.Auto, finite);
        var colorScale = Scale.Fit(colorKind, finite);
        var methods = cells.GroupBy(c => c.Method.Label, StringComparer.Ordinal).ToArray();
        var title = $"Grid search: {metric} over β × α₀" + (group.Key.Count == 0 ? "" : $", {group.Title}");
        var figure = new Figure(title)
        {
            Subtitle = context.Describe(cells),
            Columns = Math.Min(3, Math.Max(1, methods.Length)),
            PanelWidth = Math.Max(330, 150 + (alphas.Length * 40)),
            PanelHeight = Math.Max(260, 90 + (betas.Length * 30)),
        };
        var anyMissing = false;
        foreach (var method in methods)
        {
            var heatmap = new Heatmap(TickFormat.Categories(alphas), TickFormat.Categories(betas))
            {
                ColorScale = colorScale.Kind,
                ColorMin = finite.Length > 0 ? colorScale.Min : null,
                ColorMax = finite.Length > 0 ? colorScale.Max : null,
                ColorLabel = metric,
            };
            foreach (var cell in method)
            {
                var row = Array.IndexOf(betas, cell.Number(SweepDimensions.Beta)!.Value);
                var column = Array.IndexOf(alphas, cell.Number(SweepDimensions.Alpha0)!.Value);
                heatmap[row, column] = cell.Diverged ? HeatCell.Diverged
                    : double.IsFinite(value(cell)) ? HeatCell.Of(value(cell))
                    : HeatCell.Missing;
            }

            anyMissing |= Enumerable.Range(0, betas.Length).Any(r => Enumerable.Range(0, alphas.Length).Any(c => heatmap[r, c].State == HeatCellState.Missing));
            var panel = figure.AddPanel(method.Key);
            panel.SetHeatmap(heatmap);
            panel.X.Label = "initial learning rate α₀";
            panel.Y.Label = "hypergradient rate β";
            if (heatmap.AnyDiverged)
            {
                figure.AddLegendEntry(LegendEntry.DivergedCell());
            }
        }

        if (anyMissing)
        {
            figure.AddLegendEntry(new LegendEntry("no result", SwatchKind.Box, Color.FromHex("#f4f4f4")) { Light = false });
        }

        var caption = $"The {metric} of every (α₀, β) cell, one panel per method, coloured on one scale"
            + (colorScale.Kind == ScaleKind.Log ? " (logarithmic)" : "")
            + ". Hatched cells with an 'x' diverged; pale cells have no result.";
        var slug = group.Slug.Length > 0 ? "-" + group.Slug : "";
        return new ReportFigure($"grid-search-{name}{slug}", caption, figure);
    }
}
