using Akka.Actor;
using HdCluster.Engine.Coordination;
using HdCluster.Engine.Status;
using HdCluster.Engine.Workers;

namespace HdCluster.Engine.Local;

/// <summary>
/// The local end of a submitted sweep: submits it, hands its events to a display (<see cref="ISweepObserver"/>) and
/// completes with the sweep's summary, or with a <see cref="SweepRefusedException"/>.
/// </summary>
internal sealed class SweepWatcher : ReceiveActor
{
    public SweepWatcher(IActorRef coordinator, SweepSubmitted submitted, IReadOnlyList<string> workers, ISweepObserver observer, TaskCompletionSource<SweepSummary> ended)
    {
        Receive<SweepAccepted>(accepted => observer.SweepStarted(accepted.Sweep, accepted.Total, accepted.Skipped, workers));
        Receive<SweepRefused>(refused =>
        {
            ended.TrySetException(new SweepRefusedException(refused.Reason));
            Context.Stop(Self);
        });
        Receive<WorkStarted>(started =>
        {
            if (started.GroupId is { } group)
            {
                observer.GroupStarted(started.Worker, group, started.CellIds, started.Description, started.Attempt);
            }
            else
            {
                observer.CellStarted(started.Worker, started.CellIds[0], started.Description, started.Attempt);
            }
        });
        Receive<CellProgressed>(observer.CellProgressed);
        Receive<CellEnded>(cell => observer.CellFinished(cell.Worker, cell.CellId, cell.Status, cell.Detail));
        Receive<SweepEnded>(end =>
        {
            ended.TrySetResult(end.Summary);
            Context.Stop(Self);
        });
        coordinator.Tell(submitted, Self);
    }
}
