using HdCluster.Engine.Workers;

namespace HdCluster.Engine.Local;

/// <summary>What a display (progress bars, logs) hears about a running sweep. Called from an actor's thread.</summary>
public interface ISweepObserver
{
    void SweepStarted(string sweep, int totalCells, int alreadyDone, IReadOnlyList<string> workers);

    void CellStarted(string worker, string cellId, string description, int attempt);

    /// <summary>A fused group's cells started together on one worker; their ends come one by one as <see cref="CellFinished"/>.</summary>
    void GroupStarted(string worker, string groupId, IReadOnlyList<string> cellIds, string description, int attempt);

    void CellProgressed(CellProgressed progress);

    void CellFinished(string worker, string cellId, string status, string? detail);
}
