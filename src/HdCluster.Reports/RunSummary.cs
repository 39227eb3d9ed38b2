using HdCluster.Experiments;
using HdCluster.Reports.Data;
using HdCluster.Reports.Figures;
using HdCluster.Reports.Html;
using HdCluster.Results;

namespace HdCluster.Reports;

/// <summary>
/// One method's line of a run's summary: its best completed cell (lowest final validation loss, training loss
/// where there is none) and how its cells ended. <see cref="BestCellId"/> is null when none completed.
/// </summary>
public sealed record MethodBest(
    string Method,
    string? BestCellId,
    string? BestOptimizer,
    string LossName,
    double Loss,
    int Cells,
    int Completed,
    int Diverged,
    int Failed);

/// <summary>What <c>hdc run</c> shows when a sweep ends: the best cell of each method and its loss, from the results folder.</summary>
public static class RunSummary
{
    /// <summary>One row per method (per tower height in tower-height sweeps), in the report's order; empty when the store has no cells.</summary>
    public static IReadOnlyList<MethodBest> BestPerMethod(ResultsStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var context = new ReportContext(ResultsData.Load(store, curves: false), PublishedCurves.None);
        var best = ReportSummary.Of(context).Best.ToDictionary(c => context.Styles.Label(c), StringComparer.Ordinal);
        return context.Ordered(context.Data.Cells)
            .GroupBy(c => context.Styles.Label(c), StringComparer.Ordinal)
            .Select(g =>
            {
                var cell = best.GetValueOrDefault(g.Key);
                var lossName = cell is null || double.IsFinite(cell.FinalValidLoss) ? "final validation loss" : "final training loss";
                return new MethodBest(
                    g.Key,
                    cell?.CellId,
                    cell?.Optimizer,
                    lossName,
                    cell?.RankingLoss ?? double.NaN,
                    g.Count(),
                    g.Count(c => c.Completed),
                    g.Count(c => c.Diverged),
                    g.Count(c => c.Status is CellStatusWords.Failed or CellStatusWords.Cancelled));
            })
            .ToArray();
    }
}
