using HdCluster.Engine.Aggregation;
using HdCluster.Engine.Coordination;
using HdCluster.Engine.Workers;

namespace HdCluster.Engine.Cluster;

/// <summary>
/// The wire manifest table of cluster mode: every message that crosses between nodes and every event and snapshot in
/// the coordinator's journal, each under a manifest that never changes. Renaming a class keeps its row's manifest;
/// changing a message's shape adds a "/v2" row and keeps the "/v1" row so old journals still read.
/// </summary>
public static class ClusterWire
{
    public static WireManifests Manifests { get; } = new(
    [
        // Clients and watchers <-> coordinator.
        ("sweep-submitted/v1", typeof(SweepSubmitted)),
        ("sweep-accepted/v1", typeof(SweepAccepted)),
        ("sweep-refused/v1", typeof(SweepRefused)),
        ("sweep-cancelled/v1", typeof(SweepCancelled)),
        ("sweep-watched/v1", typeof(SweepWatched)),
        ("work-started/v1", typeof(WorkStarted)),
        ("cell-ended/v1", typeof(CellEnded)),
        ("sweep-ended/v1", typeof(SweepEnded)),
        ("status-requested/v1", typeof(StatusRequested)),
        ("coordinator-status/v1", typeof(CoordinatorStatus)),

        // The coordinator's journal and snapshots.
        ("sweep-opened/v1", typeof(SweepOpened)),
        ("work-dispatched/v1", typeof(WorkDispatched)),
        ("cell-settled/v1", typeof(CellSettled)),
        ("work-returned/v1", typeof(WorkReturned)),
        ("sweep-closed/v1", typeof(SweepClosed)),
        ("coordinator-snapshot/v1", typeof(CoordinatorSnapshot)),

        // Worker slots <-> coordinator and aggregator.
        ("work-requested/v1", typeof(WorkRequested)),
        ("work-offered/v1", typeof(WorkOffered)),
        ("work-cancelled/v1", typeof(WorkCancelled)),
        ("cell-progressed/v1", typeof(CellProgressed)),
        ("cell-trained/v1", typeof(CellTrained)),
        ("work-failed/v1", typeof(WorkFailed)),
        ("work-stopped/v1", typeof(WorkStopped)),
        ("data-unavailable/v1", typeof(DataUnavailable)),
        ("cell-written/v1", typeof(CellWritten)),
        ("cell-write-failed/v1", typeof(CellWriteFailed)),
    ]);
}
