using HdCluster.Cluster.Messages;

namespace HdCluster.Cluster.Local;

/// <summary>What a display (progress bars, logs) hears about a running sweep. Called from actor threads.</summary>
public interface ISweepObserver
{
    void SweepStarted(string sweep, int totalCells, int alreadyDone, IReadOnlyList<string> workers);

    void CellStarted(string worker, string cellId, string description, int attempt);

    void CellProgressed(CellProgressed progress);

    void CellFinished(string worker, string cellId, string status, string? detail);
}
