using System.Globalization;
using HdCluster.Reports.Plotting;

namespace HdCluster.Reports.Figures;

/// <summary>
/// Hyperparameter trajectories of hyperoptimizer towers: every recorded hyperparameter of every level
/// (L1.alpha, L2.alpha, ...) over iterations, one panel each, one line per cell of the group. Drawn when
/// any cell recorded a level above the first.
/// </summary>
public static class TowerTrajectoriesFigure
{
    public const string Kind = "tower trajectories";
    public const int MaxPanels = 16;

    public static bool Applies(ReportContext context) =>
        context.Data.Hyperparameters.Any(h => h.Level >= 2)
        && context.Data.Cells.Any(c => c.FinalHyperparameters.Any(kv => double.IsFinite(kv.Value) && context.Data.Hyperparameters.Any(h => h.Level >= 2 && h.Column == kv.Key)));

    public static IEnumerable<ReportFigure> Build(ReportContext context)
    {
        if (!Applies(context))
        {
            yield break;
        }

        foreach (var group in context.Groups(context.Data.Cells, context.Dimensions.Free, Kind))
        {
            yield return Build(context, group);
        }
    }

    public static ReportFigure Build(ReportContext context, CellGroup group)
    {
        var cells = context.Ordered(group.Cells);
        var title = "Hyperparameters of every level over time" + (group.Key.Count == 0 ? "" : $", {group.Title}");
        var figure = new FigureSheet(title) { Subtitle = context.Describe(cells), Columns = 3, PanelWidth = 380, PanelHeight = 280 };
        var columns = context.Data.Hyperparameters
            .Select((column, index) => (Column: column, Index: index))
            .Where(c => cells.Any(cell => LearningCurvesFigure.HyperparameterPoints(context, cell, c.Index).Any(p => double.IsFinite(p.Y))))
            .ToArray();
        foreach (var (column, index) in columns.Take(MaxPanels))
        {
            var withData = cells.Where(cell => LearningCurvesFigure.HyperparameterPoints(context, cell, index).Any(p => double.IsFinite(p.Y)));
            var lines = LearningCurvesFigure.Lines(context, withData, cell => LearningCurvesFigure.HyperparameterPoints(context, cell, index));
            PanelLines.Draw(figure, figure.AddPanel(column.Title), "iteration", column.Column, lines, zoom: false);
        }

        if (columns.Length > MaxPanels)
        {
            context.Note(string.Create(CultureInfo.InvariantCulture, $"{Kind}: {columns.Length - MaxPanels} hyperparameter columns above the first {MaxPanels} are not drawn."));
        }

        var levels = columns.Select(c => c.Column.Level).Distinct().Count();
        var caption = string.Create(CultureInfo.InvariantCulture, $"Each level's hyperparameters over training ({levels} level(s)): level 1 trains the model, each level above tunes the one below. ")
            + "A line per " + (context.Dimensions.HeightDriven ? "tower height" : "method") + "; a level appears in the towers tall enough to have it."
            + PanelLines.AxisNote(figure);
        return new ReportFigure("tower-trajectories" + (group.Slug.Length > 0 ? "-" + group.Slug : ""), caption, figure);
    }
}
