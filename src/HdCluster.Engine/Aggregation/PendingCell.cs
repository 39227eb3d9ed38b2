using Akka.Actor;
using HdCluster.Results;

namespace HdCluster.Engine.Aggregation;

/// <summary>
/// A cell whose rows wait for the aggregator's next write: its curves (null when it recorded none), its cells
/// row, the acknowledgement it gets once written, and everyone who sent it (a worker re-sending, the coordinator).
/// </summary>
internal sealed record PendingCell(string Sweep, string CellId, CellWritten Done, ResultTable? Curves, ResultTable Cell, IActorRef FirstSender)
{
    internal List<IActorRef> Senders { get; } = [FirstSender];
}
