using HdCluster.Experiments;
using HdCluster.Sweeps;
using HdCluster.Training;

namespace HdCluster.Engine.Workers;

// What a WorkerSlot hears and says. Plain data: cells travel with their configs, results with their records.

/// <summary>Worker → coordinator: I am idle, give me work. Repeated while idle, so a coordinator that restarted
/// (or moved, as a cluster singleton) hears of the slot again. <paramref name="OffersReceived"/> counts the offers
/// this slot has had, so the coordinator can tell a repeated request (an offer is still on its way) from a slot
/// that lost its work without reporting it.</summary>
public sealed record WorkRequested(string Worker, string Device, string Host, long OffersReceived);

/// <summary>Coordinator → worker: train these cells: one alone, or several as one fused group
/// (<see cref="GroupId"/> set). Attempts start at 1. A cell alone checkpoints each epoch under
/// <see cref="CheckpointFolder"/> and resumes from there when a previous attempt left a checkpoint.</summary>
public sealed record WorkOffered(string Sweep, string? GroupId, IReadOnlyList<SweepCell> Cells, int Attempt, string CheckpointFolder);

/// <summary>Coordinator → worker: stop training cells of this sweep (at the next batch); they are not written.</summary>
public sealed record WorkCancelled(string Sweep);

/// <summary>Worker → coordinator, for progress displays: where a running cell (or group) is.</summary>
public sealed record CellProgressed(string Worker, string CellId, int Epoch, long Step, double Loss);

/// <summary>Worker → coordinator → aggregator: a cell trained to an end (completed or diverged) with its records.
/// Re-sent until a <c>CellWritten</c> for it comes back.</summary>
public sealed record CellTrained(string Sweep, SweepCell Cell, int Attempt, CellResult Result, CellRecords Records, string Worker, string Device, string Host, string? GroupId);

/// <summary>Worker → coordinator: training threw; none of these cells has a result. The coordinator retries or gives up.</summary>
public sealed record WorkFailed(string Sweep, IReadOnlyList<string> CellIds, string? GroupId, int Attempt, string Error, string Worker, string Device);

/// <summary>Worker → coordinator: these cells were stopped before their end and wait to run again.</summary>
public sealed record WorkStopped(string Sweep, IReadOnlyList<string> CellIds, string Worker);

/// <summary>
/// Worker → coordinator: the cells' data set is missing, truncated or corrupt. Not a failure of the cells: every
/// cell on the same data would fail alike, so the coordinator stops the sweep instead of retrying.
/// </summary>
public sealed record DataUnavailable(string Sweep, IReadOnlyList<string> CellIds, string Error, string Worker);

/// <summary>What a trainer reported for one cell.</summary>
public sealed record CellRecords(IReadOnlyList<string> HyperparameterNames, IReadOnlyList<StepRecord> Steps, IReadOnlyList<EpochRecord> Epochs);
