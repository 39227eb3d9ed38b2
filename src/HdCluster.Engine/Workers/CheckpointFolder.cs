namespace HdCluster.Engine.Workers;

/// <summary>
/// Where a cell trained alone keeps its last epoch checkpoint and the records up to it:
/// <c>&lt;results&gt;/&lt;sweep&gt;/checkpoints/&lt;cell-id&gt;/</c>, under the results root so that the next
/// attempt, on any node that shares the root, resumes there. Removed once the cell's row is written.
/// </summary>
public static class CheckpointFolder
{
    public static string OfSweep(string resultsRoot, string sweep) => Path.Combine(resultsRoot, sweep, "checkpoints");

    public static string OfCell(string sweepCheckpoints, string cellId) => Path.Combine(sweepCheckpoints, cellId);

    public static string Model(string cellFolder) => Path.Combine(cellFolder, "last-epoch.pt");

    public static string Records(string cellFolder) => Path.Combine(cellFolder, "records.json");
}
