using HdCluster.Actors;
using HdCluster.Cluster.Messages;
using HdCluster.Experiments;
using HdCluster.Results;
using Serilog;

namespace HdCluster.Cluster.Redis;

/// <summary>
/// The Redis mode's writer (moved here from the retired local engine; it goes with the Redis mode). Receives every finished cell and makes it durable: curves first, then the cell row, each as an atomic
/// Parquet part, so a cell row on disk always has its curves. Acknowledges only after the write.
/// </summary>
internal sealed class AggregatorActor(string sweep, ResultsStore store, string runId, ILogger log) : Actor
{
    protected override Task ReceiveAsync(object message)
    {
        switch (message)
        {
            case CellCompleted done:
                Persist(done.Cell.Id, () =>
                {
                    var attempt = $"{done.Attempt}-{runId}";
                    if (done.Records.Steps.Count + done.Records.Epochs.Count > 0)
                    {
                        store.AppendCurves(ResultRows.Curves(sweep, done.Cell.Id, attempt, done.Records.HyperparameterNames, done.Records.Steps, done.Records.Epochs));
                    }

                    store.AppendCells(ResultRows.Cell(new CellRow(
                        sweep, done.Cell.Id, done.Cell.Config, done.Cell.Variables, attempt, done.Attempt, done.Result.Status, done.Result, done.Device, done.Worker, Host: done.Host, GroupId: done.GroupId)));
                });
                break;
            case CellAbandoned gaveUp:
                Persist(gaveUp.Cell.Id, () =>
                    store.AppendCells(ResultRows.Cell(new CellRow(
                        sweep, gaveUp.Cell.Id, gaveUp.Cell.Config, gaveUp.Cell.Variables, $"{gaveUp.Attempt}-{runId}", gaveUp.Attempt, CellStatus.Failed, null, gaveUp.Device, "-", gaveUp.Error))));
                break;
            default:
                Unhandled(message);
                break;
        }

        return Task.CompletedTask;
    }

    private void Persist(string cellId, Action write)
    {
        try
        {
            write();
            Sender.Tell(new CellPersisted(cellId), Self);
        }
        catch (Exception e) when (e is ResultsStoreException or DuckDbException or IOException or UnauthorizedAccessException)
        {
            log.Error(e, "Writing results of cell {CellId} failed", cellId);
            Sender.Tell(new PersistenceFailed(cellId, e.Message), Self);
        }
    }
}
