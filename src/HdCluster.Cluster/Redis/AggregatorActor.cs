using HdCluster.Actors;
using HdCluster.Cluster.Messages;
using ResultRows = HdCluster.Engine.Aggregation.ResultRows;
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
                        store.AppendCurves(ResultRows.Curves(sweep, done.Cell.Id, attempt, done.Records));
                    }

                    var status = done.Result.Status.ToString().ToLowerInvariant();
                    store.AppendCells(ResultRows.Cell(sweep, done.Cell, attempt, done.Attempt, status, done.Result, done.Device, done.Worker, null, done.Host, done.GroupId));
                });
                break;
            case CellAbandoned gaveUp:
                Persist(gaveUp.Cell.Id, () =>
                    store.AppendCells(ResultRows.Cell(sweep, gaveUp.Cell, $"{gaveUp.Attempt}-{runId}", gaveUp.Attempt, "failed", null, gaveUp.Device, "-", gaveUp.Error)));
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
