using Akka.Actor;

namespace HdCluster.Engine.Aggregation;

/// <summary>
/// The aggregator's cells received but not yet written, in arrival order: at most one per (sweep, cell id), so a
/// result that comes again before the write joins the first instead of being written twice. Full at
/// <c>maxCells</c> cells or <c>maxCurveRows</c> curve rows, when the batch is written without waiting for more.
/// </summary>
internal sealed class PendingWrites(int maxCells, int maxCurveRows)
{
    private readonly List<PendingCell> cells = [];
    private readonly Dictionary<(string Sweep, string CellId), PendingCell> byCell = [];
    private int curveRows;

    internal bool IsFull => cells.Count >= maxCells || curveRows >= maxCurveRows;

    /// <summary>When the cell is queued already, <paramref name="sender"/> is answered with it; false when it is not.</summary>
    internal bool TryJoin(string sweep, string cellId, IActorRef sender)
    {
        if (!byCell.TryGetValue((sweep, cellId), out var queued))
        {
            return false;
        }

        queued.Senders.Add(sender);
        return true;
    }

    internal void Add(PendingCell cell)
    {
        cells.Add(cell);
        byCell[(cell.Sweep, cell.CellId)] = cell;
        curveRows += cell.Curves?.RowCount ?? 0;
    }

    /// <summary>Everything queued, oldest first; the queue is empty afterwards.</summary>
    internal IReadOnlyList<PendingCell> TakeAll()
    {
        var all = cells.ToArray();
        cells.Clear();
        byCell.Clear();
        curveRows = 0;
        return all;
    }
}
