using HdCluster.Reports.Data;
using HdCluster.Reports.Plotting;
using ScottPlot;
using ScottPlot.Plottables;

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
        var log = finite.Length > 0 && finite.Min() > 0 && finite.Max() / finite.Min() >= ValueScale.LogRatio;
        double Shade(double v) => log ? Math.Log10(v) : v;
        var range = finite.Length == 0 ? new ScottPlot.Range(0, 1) : new ScottPlot.Range(Shade(finite.Min()), Shade(finite.Max()));
        var methods = cells.GroupBy(c => c.Method.Label, StringComparer.Ordinal).ToArray();
        var title = $"Grid search: {metric} over β × α₀" + (group.Key.Count == 0 ? "" : $", {group.Title}");
        var figure = new FigureSheet(title)
        {
            Subtitle = context.Describe(cells),
            Columns = Math.Min(3, Math.Max(1, methods.Length)),
            PanelWidth = Math.Max(400, 200 + (alphas.Length * 48)),
            PanelHeight = Math.Max(300, 110 + (betas.Length * 36)),
        };
        var anyMissing = false;
        foreach (var method in methods)
        {
            var shades = new double[betas.Length, alphas.Length];
            var states = new CellState[betas.Length, alphas.Length];
            for (var r = 0; r < betas.Length; r++)
            {
                for (var c = 0; c < alphas.Length; c++)
                {
                    shades[r, c] = double.NaN;
                }
            }

            foreach (var cell in method)
            {
                var r = Array.IndexOf(betas, cell.Number(SweepDimensions.Beta)!.Value);
                var c = Array.IndexOf(alphas, cell.Number(SweepDimensions.Alpha0)!.Value);
                states[r, c] = cell.Diverged ? CellState.Diverged : double.IsFinite(value(cell)) ? CellState.Value : CellState.Missing;
                if (states[r, c] == CellState.Value)
                {
                    shades[r, c] = Shade(value(cell));
                }
            }

            var panel = figure.AddPanel(method.Key);
            panel.SetCategoriesX("initial learning rate α₀", TickFormat.Categories(alphas));
            panel.Plot.YLabel("hypergradient rate β", 13);
            panel.Plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. Enumerable.Range(0, betas.Length).Select(i => (double)i)], TickFormat.Categories(betas));
            panel.Plot.Axes.SetLimitsY(-0.5, betas.Length - 0.5);
            panel.Plot.HideGrid();

            var heatmap = panel.Plot.Add.Heatmap(Bitmap(shades));
            heatmap.Smooth = false;
            heatmap.Extent = new CoordinateRect(-0.5, alphas.Length - 0.5, -0.5, betas.Length - 0.5);
            heatmap.Colormap = LineLook.Viridis;
            heatmap.ManualRange = range;
            heatmap.NaNCellColor = NoResult;
            var bar = panel.Plot.Add.ColorBar(heatmap);
            bar.Label = metric + (log ? " (log₁₀)" : "");
            if (log)
            {
                bar.Axis.TickGenerator = ValueScale.LogTicks(range.Min, range.Max);
            }

            for (var r = 0; r < betas.Length; r++)
            {
                for (var c = 0; c < alphas.Length; c++)
                {
                    Annotate(panel, r, c, states[r, c], shades[r, c], range, log);
                    anyMissing |= states[r, c] == CellState.Missing;
                }
            }

            if (states.Cast<CellState>().Any(s => s == CellState.Diverged))
            {
                figure.AddLegendEntry(LegendEntries.DivergedCell());
            }
        }

        if (anyMissing)
        {
            figure.AddLegendEntry(LegendEntries.Box("no result", NoResult));
        }

        var caption = $"The {metric} of every (α₀, β) cell, one panel per method, coloured on one scale"
            + (log ? " (logarithmic)" : "")
            + ". Hatched cells with an 'x' diverged; pale cells have no result.";
        var slug = group.Slug.Length > 0 ? "-" + group.Slug : "";
        return new ReportFigure($"grid-search-{name}{slug}", caption, figure);
    }

    /// <summary>
    /// The cells as the heatmap's pixels: rows upside down, since a heatmap draws row 0 at the top and beta should
    /// grow upwards like any y axis, and each cell <see cref="PixelsPerCell"/> pixels square, so that a viewer
    /// scaling the SVG's embedded image blurs only the cells' edges, not whole cells into each other. (The flip is
    /// done here rather than by the heatmap's FlipVertically, which its value lookup does not follow; ScottPlot's
    /// vector rectangle drawing of heatmaps misplaces rows.)
    /// </summary>
    private static double[,] Bitmap(double[,] cells)
    {
        var (rows, columns) = (cells.GetLength(0), cells.GetLength(1));
        var pixels = new double[rows * PixelsPerCell, columns * PixelsPerCell];
        for (var y = 0; y < rows * PixelsPerCell; y++)
        {
            for (var x = 0; x < columns * PixelsPerCell; x++)
            {
                pixels[y, x] = cells[rows - 1 - (y / PixelsPerCell), x / PixelsPerCell];
            }
        }

        return pixels;
    }

    private const int PixelsPerCell = 32;

    /// <summary>The colour of a cell without a result (missing, or diverged under its hatching).</summary>
    public static readonly Color NoResult = Color.FromHex("#f4f4f4");

    private enum CellState
    {
        Missing,
        Value,
        Diverged,
    }

    /// <summary>Prints a cell's value on it, or hatches and crosses it where its run diverged.</summary>
    private static void Annotate(Panel panel, int row, int column, CellState state, double shade, ScottPlot.Range range, bool log)
    {
        if (state == CellState.Diverged)
        {
            var hatch = panel.Plot.Add.Rectangle(column - 0.5, column + 0.5, row - 0.5, row + 0.5);
            hatch.FillColor = Colors.White;
            hatch.FillHatch = new ScottPlot.Hatches.Striped();
            hatch.FillHatchColor = Colors.Gray;
            hatch.LineWidth = 0;
            panel.AddMarks([(column, row)], LineLook.Diverged(Colors.Black), size: 14, mapped: true);
        }
        else if (state == CellState.Value)
        {
            var text = panel.Plot.Add.Text(TickFormat.Compact(log ? Math.Pow(10, shade) : shade), column, row);
            text.Alignment = Alignment.MiddleCenter;
            text.LabelFontName = ReportFont.Name;
            text.LabelFontSize = 11;
            var t = range.Max > range.Min ? (shade - range.Min) / (range.Max - range.Min) : 0.5;

            // Viridis is dark at the bottom and light at the top: white text on the dark part, black on the light.
            text.LabelFontColor = t < 0.6 ? Colors.White : Colors.Black;
        }
    }
}
