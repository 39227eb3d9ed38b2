using HdCluster.Results;

namespace HdCluster.Engine.Status;

/// <summary>Which cells of a results folder need no further run.</summary>
public static class FinishedCells
{
    /// <summary>Cells that completed or diverged (a failed cell is tried again).</summary>
    public static IReadOnlySet<string> In(ResultsStore store)
    {
        if (store.CompletedCellIds().Count == 0)
        {
            return new HashSet<string>();
        }

        var result = store.Query("SELECT DISTINCT cell_id FROM cells WHERE status IN ('completed', 'diverged')");
        return result.Rows.Select(r => (string)r[0]!).ToHashSet(StringComparer.Ordinal);
    }
}
