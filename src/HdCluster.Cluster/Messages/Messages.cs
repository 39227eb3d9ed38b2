using HdCluster.Actors;
using HdCluster.Experiments;
using HdCluster.Sweeps;
using HdCluster.Engine.Workers;
using HdCluster.Training;

namespace HdCluster.Cluster.Messages;

// The sweep engine's vocabulary: immutable records named for what happened or what is asked.

/// <summary>Coordinator → worker: train this cell (attempt numbers start at 1).</summary>
public sealed record CellAssigned(SweepCell Cell, int Attempt);

/// <summary>Coordinator → worker: train these cells together as one fused model (see <c>FusedCellTrainer</c>).</summary>
public sealed record GroupAssigned(SweepCellGroup Group, int Attempt);

/// <summary>Worker → coordinator: ready for a cell.</summary>
public sealed record WorkerIdle(ActorRef Worker);

/// <summary>Worker → coordinator, for progress displays: where a running cell is.</summary>
public sealed record CellProgressed(string Worker, string CellId, int Epoch, long Step, double Loss);

/// <summary>Worker → coordinator and aggregator: a cell ended (completed, diverged or cancelled) with its records.</summary>
/// <param name="Host">The machine that trained it; null: this one.</param>
/// <param name="GroupId">The fused group it trained in; null: it trained alone.</param>
public sealed record CellCompleted(string Worker, SweepCell Cell, int Attempt, CellResult Result, CellRecords Records, string Device, string? Host = null, string? GroupId = null);

/// <summary>Worker → coordinator: training threw; the coordinator retries or gives up.</summary>
public sealed record CellFailed(string Worker, SweepCell Cell, int Attempt, string Error, string Device);

/// <summary>Worker → coordinator: training a fused group threw; none of its cells has a result.</summary>
public sealed record GroupFailed(string Worker, SweepCellGroup Group, int Attempt, string Error, string Device);

/// <summary>
/// Worker → coordinator: a cell's data set is missing, truncated or corrupt. Not a failure of the cell: every
/// cell on the same data would fail alike, so the coordinator stops the sweep instead of retrying.
/// </summary>
public sealed record DataUnavailable(string Worker, SweepCell Cell, string Error);

/// <summary>Coordinator → aggregator: a cell failed for good; write its row with the error.</summary>
public sealed record CellAbandoned(SweepCell Cell, int Attempt, string Error, string Device);

/// <summary>Aggregator → coordinator: a cell's rows are durable on disk.</summary>
public sealed record CellPersisted(string CellId);

/// <summary>Aggregator → coordinator: writing a cell's rows failed (disk full, folder gone): the sweep must stop.</summary>
public sealed record PersistenceFailed(string CellId, string Error);

/// <summary>Ask the coordinator where things stand.</summary>
public sealed record StatusRequested;

/// <summary>Stop assigning; cells in flight are cancelled and not written.</summary>
public sealed record StopRequested;

