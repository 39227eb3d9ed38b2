using Akka.Actor;
using HdCluster.Engine.Status;

namespace HdCluster.Engine.Coordination;

// What the SweepCoordinator hears and says. Plain data only (ids, configs, strings, numbers, actor refs), so that
// every message can cross the wire between nodes and none shares an object with its sender.

/// <summary>Client → coordinator: run this sweep. The sender hears <see cref="SweepAccepted"/> or
/// <see cref="SweepRefused"/>, then the sweep's events, ending with <see cref="SweepEnded"/>.</summary>
/// <param name="MaxAttempts">Attempts per cell before it is written as failed.</param>
public sealed record SweepSubmitted(SweepDefinition Definition, int MaxAttempts);

/// <summary>Coordinator → client: the sweep runs; <paramref name="Skipped"/> cells were already done.</summary>
public sealed record SweepAccepted(string Sweep, int Total, int Skipped);

/// <summary>Coordinator → client: the sweep cannot run (its results cannot be read, it runs already...).</summary>
public sealed record SweepRefused(string Sweep, string Reason);

/// <summary>Client → coordinator: stop the sweep. Cells in flight are cancelled and not written; a rerun finishes them.</summary>
public sealed record SweepCancelled(string Sweep);

/// <summary>Client → coordinator: send me this sweep's events too (a second terminal's progress view).</summary>
public sealed record SweepWatched(string Sweep);

/// <summary>Coordinator → watchers: a worker took a cell alone or a fused group (<paramref name="GroupId"/> set).</summary>
public sealed record WorkStarted(string Sweep, string Worker, string? GroupId, IReadOnlyList<string> CellIds, string Description, int Attempt);

/// <summary>Coordinator → watchers: a cell (or, when a group gives its cells back, a group id) ended on a worker with
/// a status word (completed, diverged, failed, retrying, retrying alone, cancelled).</summary>
public sealed record CellEnded(string Sweep, string Worker, string CellId, string Status, string? Detail);

/// <summary>Coordinator → watchers: the sweep is over; its rows are durable and merged.</summary>
public sealed record SweepEnded(SweepSummary Summary);

/// <summary>Anyone → coordinator: where do things stand. The reply is a <see cref="CoordinatorStatus"/>.</summary>
public sealed record StatusRequested;

/// <summary>The coordinator's view: every open sweep and every worker slot it knows.</summary>
public sealed record CoordinatorStatus(IReadOnlyList<SweepStatus> Sweeps, IReadOnlyList<WorkerSeen> Workers);

/// <summary>A worker slot as the coordinator knows it: where it is and what it trains since when (null: idle).</summary>
public sealed record WorkerSeen(string Worker, string Device, string Host, string? Sweep, IReadOnlyList<string> CellIds, DateTimeOffset? Since);
