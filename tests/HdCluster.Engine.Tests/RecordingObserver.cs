using System.Collections.Concurrent;
using HdCluster.Engine.Local;
using HdCluster.Engine.Workers;

namespace HdCluster.Engine.Tests;

/// <summary>Keeps everything a sweep reports, for assertions; <see cref="Finished"/> lets a test act on a cell's end.</summary>
public sealed class RecordingObserver : ISweepObserver
{
    public (int Total, int AlreadyDone, IReadOnlyList<string> Workers)? Started { get; private set; }

    public ConcurrentQueue<(string Worker, string CellId, int Attempt)> CellsStarted { get; } = new();

    public ConcurrentQueue<(string Worker, string GroupId, IReadOnlyList<string> CellIds, int Attempt)> GroupsStarted { get; } = new();

    public ConcurrentQueue<(string Worker, string CellId, string Status, string? Detail)> CellsFinished { get; } = new();

    public event Action<string, string>? Finished;

    /// <summary>A running cell or group reported a step or epoch (its id, or its group's).</summary>
    public event Action<CellProgressed>? Progressed;

    public void SweepStarted(string sweep, int totalCells, int alreadyDone, IReadOnlyList<string> workers) => Started = (totalCells, alreadyDone, workers);

    /// <summary>What workers were handed: a cell alone or a fused group each count once.</summary>
    public int Assignments => Volatile.Read(ref aloneStarted) + GroupsStarted.Count;

    private int aloneStarted;

    public void CellStarted(string worker, string cellId, string description, int attempt)
    {
        Interlocked.Increment(ref aloneStarted);
        CellsStarted.Enqueue((worker, cellId, attempt));
    }

    /// <summary>Records the group, and each of its cells as started on the worker.</summary>
    public void GroupStarted(string worker, string groupId, IReadOnlyList<string> cellIds, string description, int attempt)
    {
        GroupsStarted.Enqueue((worker, groupId, cellIds, attempt));
        foreach (var id in cellIds)
        {
            CellsStarted.Enqueue((worker, id, attempt));
        }
    }

    public void CellProgressed(CellProgressed progress) => Progressed?.Invoke(progress);

    public void CellFinished(string worker, string cellId, string status, string? detail)
    {
        CellsFinished.Enqueue((worker, cellId, status, detail));
        Finished?.Invoke(cellId, status);
    }

    public IReadOnlyList<string> FinishedWith(string status) => CellsFinished.Where(f => f.Status == status).Select(f => f.CellId).ToList();
}
