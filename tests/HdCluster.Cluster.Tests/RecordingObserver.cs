using System.Collections.Concurrent;
using HdCluster.Cluster.Local;
using HdCluster.Cluster.Messages;

namespace HdCluster.Cluster.Tests;

/// <summary>Keeps everything a sweep reports, for assertions; <see cref="Finished"/> lets a test act on a cell's end.</summary>
public sealed class RecordingObserver : ISweepObserver
{
    public (int Total, int AlreadyDone, IReadOnlyList<string> Workers)? Started { get; private set; }

    public ConcurrentQueue<(string Worker, string CellId, int Attempt)> CellsStarted { get; } = new();

    public ConcurrentQueue<(string Worker, string CellId, string Status, string? Detail)> CellsFinished { get; } = new();

    public event Action<string, string>? Finished;

    public void SweepStarted(string sweep, int totalCells, int alreadyDone, IReadOnlyList<string> workers) => Started = (totalCells, alreadyDone, workers);

    public void CellStarted(string worker, string cellId, string description, int attempt) => CellsStarted.Enqueue((worker, cellId, attempt));

    public void CellProgressed(CellProgressed progress)
    {
    }

    public void CellFinished(string worker, string cellId, string status, string? detail)
    {
        CellsFinished.Enqueue((worker, cellId, status, detail));
        Finished?.Invoke(cellId, status);
    }

    public IReadOnlyList<string> FinishedWith(string status) => CellsFinished.Where(f => f.Status == status).Select(f => f.CellId).ToList();
}
