using HdCluster.Experiments;
using HdCluster.Reports.Data;
using HdCluster.Reports.Figures;

namespace HdCluster.Reports.Html;

/// <summary>Cells trained on one device and the device time they took (a fused group's time once).</summary>
public sealed record DeviceUse(string Device, string Hosts, int Cells, double Seconds);

/// <summary>
/// The numbers the report's tables show: cells by status, the best cell of each method, the cells that
/// diverged or failed (with their error text), and where the time went. Cells of a fused group trained together
/// and each carries the group's wall time: device time counts a group once (by <c>group_id</c>), so four cells
/// fused into one group cost one group's time, not four.
/// </summary>
public sealed class ReportSummary
{
    private ReportSummary(ReportContext context)
    {
        var cells = context.Data.Cells;
        Cells = context.Ordered(cells);
        StatusCounts = cells.GroupBy(c => c.Status, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        DeviceSeconds = DeviceTime(cells);
        Devices = cells.GroupBy(c => c.Device, StringComparer.Ordinal)
            .Select(g => new DeviceUse(g.Key, string.Join(", ", g.Select(c => c.Host).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)), g.Count(), DeviceTime(g)))
            .OrderBy(d => d.Device, StringComparer.Ordinal)
            .ToArray();
        var fused = cells.Where(c => c.GroupId is not null).ToArray();
        FusedGroups = fused.Select(c => c.GroupId).Distinct(StringComparer.Ordinal).Count();
        FusedCells = fused.Length;
        var spans = cells.Where(c => c.FinishedAt.HasValue && double.IsFinite(c.WallSeconds))
            .Select(c => (Start: c.FinishedAt!.Value.AddSeconds(-c.WallSeconds), End: c.FinishedAt!.Value))
            .ToArray();
        SweepWallSeconds = spans.Length > 0 ? (spans.Max(s => s.End) - spans.Min(s => s.Start)).TotalSeconds : double.NaN;
        Best = context.Ordered(cells.Where(c => c.Completed && double.IsFinite(c.RankingLoss))
            .GroupBy(c => context.Styles.Label(c), StringComparer.Ordinal)
            .Select(g => g.MinBy(c => c.RankingLoss)!));
        Diverged = context.Ordered(cells.Where(c => c.Diverged));
        Failed = context.Ordered(cells.Where(c => c.Status is CellStatusWords.Failed or CellStatusWords.Cancelled));
        var finished = cells.Select(c => c.FinishedAt).Where(t => t.HasValue).Select(t => t!.Value).ToArray();
        FirstFinished = finished.Length > 0 ? finished.Min() : null;
        LastFinished = finished.Length > 0 ? finished.Max() : null;
        Variables = context.Data.Variables;
    }

    public IReadOnlyList<CellRow> Cells { get; }

    public IReadOnlyDictionary<string, int> StatusCounts { get; }

    /// <summary>Training time summed over what trained: each cell alone once, each fused group once.</summary>
    public double DeviceSeconds { get; }

    /// <summary>From the first cell's start (its finish less its wall time) to the last cell's finish.</summary>
    public double SweepWallSeconds { get; }

    public int FusedGroups { get; }

    public int FusedCells { get; }

    public IReadOnlyList<DeviceUse> Devices { get; }

    /// <summary>The completed cell with the lowest validation loss (training loss where there is none) of each method.</summary>
    public IReadOnlyList<CellRow> Best { get; }

    public IReadOnlyList<CellRow> Diverged { get; }

    /// <summary>Cells that failed or were cancelled.</summary>
    public IReadOnlyList<CellRow> Failed { get; }

    public DateTime? FirstFinished { get; }

    public DateTime? LastFinished { get; }

    /// <summary>The template variables, shown as columns so a reader sees each cell's setting.</summary>
    public IReadOnlyList<string> Variables { get; }

    public static ReportSummary Of(ReportContext context) => new(context);

    /// <summary>Device time of <paramref name="cells"/>: a cell alone counts its wall time; a fused group counts once, its longest cell's (the group's clock when the last of them ended).</summary>
    public static double DeviceTime(IEnumerable<CellRow> cells) =>
        cells.Where(c => double.IsFinite(c.WallSeconds))
            .GroupBy(c => c.GroupId is { } group ? "group:" + group : "cell:" + c.CellId, StringComparer.Ordinal)
            .Sum(g => g.Max(c => c.WallSeconds));
}
