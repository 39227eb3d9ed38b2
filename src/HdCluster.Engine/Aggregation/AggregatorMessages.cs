using HdCluster.Sweeps;

namespace HdCluster.Engine.Aggregation;

// What the Aggregator hears and says. It takes Workers.CellTrained (forwarded by the coordinator, the worker
// stays the sender) and the messages below.

/// <summary>Coordinator → aggregator: a cell failed for good; write its row with the error.</summary>
public sealed record CellAbandoned(string Sweep, SweepCell Cell, int Attempt, string Error, string Device, string Worker);

/// <summary>Aggregator → worker (the acknowledgement it re-sends for) and coordinator: the cell's rows are durable.
/// A cell already written is acknowledged again without a second write.</summary>
/// <param name="Status">completed, diverged or failed.</param>
/// <param name="Detail">One line for displays: the final validation loss, or the error.</param>
public sealed record CellWritten(string Sweep, string CellId, int Attempt, string Status, string Worker, string? Detail);

/// <summary>Aggregator → worker and coordinator: the cell's rows could not be written (a read-only or full disk);
/// the cell is not done.</summary>
public sealed record CellWriteFailed(string Sweep, string CellId, string Error);

/// <summary>Coordinator → aggregator: the sweep ended; merge its parts and let go of its files. Answered with
/// <see cref="SweepCompacted"/>.</summary>
public sealed record SweepCompactionRequested(string Sweep);

/// <summary>Aggregator → coordinator: the sweep's files are merged (or left as parts, with the reason).</summary>
public sealed record SweepCompacted(string Sweep, string? Warning);
