namespace HdCluster.Engine.Coordination;

// The SweepCoordinator's journal: what happened to its sweeps, as ids and status words, never whole cells or
// results (those are in the sweep file and the Parquet files). Replaying these rebuilds where every cell stands.

/// <summary>A sweep was accepted.</summary>
public sealed record SweepOpened(SweepDefinition Definition, int MaxAttempts);

/// <summary>Cells went to a worker as attempt <paramref name="Attempt"/>.</summary>
public sealed record WorkDispatched(string Sweep, IReadOnlyList<string> CellIds, int Attempt, string Worker, string? GroupId);

/// <summary>A cell's row is durable with this status word (completed, diverged, failed).</summary>
public sealed record CellSettled(string Sweep, string CellId, string Status);

/// <summary>Cells came back unfinished (stopped, retried, or their worker was lost) and wait to run again.</summary>
public sealed record WorkReturned(string Sweep, IReadOnlyList<string> CellIds);

/// <summary>The sweep ended (finished or stopped) and is no longer the coordinator's.</summary>
public sealed record SweepClosed(string Sweep);

/// <summary>The coordinator's state at one moment: each open sweep with one status letter and the attempts made per
/// cell, in the sweep's cell order.</summary>
public sealed record CoordinatorSnapshot(IReadOnlyList<SweepSnapshot> Sweeps);

/// <param name="States">One letter per cell: see <c>CellState</c>.</param>
public sealed record SweepSnapshot(SweepDefinition Definition, int MaxAttempts, string States, IReadOnlyList<int> Attempts);
