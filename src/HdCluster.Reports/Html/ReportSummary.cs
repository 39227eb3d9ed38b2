using HdCluster.Reports.Data;
using HdCluster.Reports.Figures;

namespace HdCluster.Reports.Html;

/// <summary>Time and cells spent on one device.</summary>
public sealed record DeviceUse(string Device, string Hosts, int Cells, double Seconds);

/// <summary>
/// The numbers the report's tables show: cells by status, the best cell of each method, the cells that
/// diverged or failed (with their error text), and where the time went.
/// </summary>
public sealed class ReportSummary
{
    private ReportSummary(ReportContext context)
    {
        var cells = context.Data.Cells;
        Cells = context.Ordered(cells);
        StatusCounts = cells.GroupBy(c => c.Status, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        TotalSeconds = cells.Select(c => c.WallSeconds).Where(double.IsFinite).Sum();
        Devices = cells.GroupBy(c => c.Device, StringComparer.Ordinal)
            .Select(g => new DeviceUse(g.Key, string.Join(", ", g.Select(c => c.Host).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)), g.Count(), g.Select(c => c.WallSeconds).Where(double.IsFinite).Sum()))
            .OrderBy(d => d.Device, StringComparer.Ordinal)
            .ToArray();
        Best = context.Ordered(cells.Where(c => c.Completed && double.IsFinite(c.RankingLoss))
            .GroupBy(c => context.Styles.Label(c), StringComparer.Ordinal)
            .Select(g => g.MinBy(c => c.RankingLoss)!));
        Diverged = context.Ordered(cells.Where(c => c.Diverged));
        Failed = context.Ordered(cells.Where(c => c.Status is CellStatus.Failed or CellStatus.Cancelled));
        var finished = cells.Select(c => c.FinishedAt).Where(t => t.HasValue).Select(t => t!.Value).ToArray();
        FirstFinished = finished.Length > 0 ? finished.Min() : null;
        LastFinished = finished.Length > 0 ? finished.Max() : null;
        Variables = context.Data.Variables;
    }

    public IReadOnlyList<CellRow> Cells { get; }

    public IReadOnlyDictionary<string, int> StatusCounts { get; }

    public double TotalSeconds { get; }

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
}
