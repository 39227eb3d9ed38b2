using HdCluster.Sweeps;

namespace HdCluster.Benchmarks.Sweeps;

/// <summary>
/// The baseline the lazy sweeps replaced, kept only here for comparison: every cell built into one list and every id
/// held as text in a dictionary for duplicates, as the expander did before cells were made on demand.
/// </summary>
internal static class EagerExpansion
{
    public static List<SweepCell> Expand(Sweep sweep)
    {
        var cells = new List<SweepCell>();
        var byId = new Dictionary<string, SweepCell>(StringComparer.Ordinal);
        foreach (var cell in sweep.Cells)
        {
            if (byId.TryAdd(cell.Id, cell))
            {
                cells.Add(cell);
            }
        }

        return cells;
    }
}
