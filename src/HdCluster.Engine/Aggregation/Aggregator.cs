using Akka.Actor;
using HdCluster.Experiments;
using HdCluster.Engine.Workers;
using HdCluster.Results;
using HdCluster.Training;
using Serilog;

namespace HdCluster.Engine.Aggregation;

/// <summary>
/// Makes finished cells durable under one results root: curves first, then the cell row, each as an atomic Parquet
/// part, so a cell row on disk always has its curves. Acknowledges (<see cref="CellWritten"/>) only after the write,
/// to the worker that re-sends until then and to the coordinator that counts the cell done only then. A cell is
/// written once: a result that comes again (a resend, or a second attempt of a cell whose worker only seemed lost)
/// is acknowledged without a second write. Once a cell's row is written its epoch checkpoint is removed.
/// </summary>
public sealed class Aggregator : ReceiveActor
{
    private readonly string resultsRoot;
    private readonly IActorRef coordinator;
    private readonly ILogger log;
    private readonly string runId = Guid.NewGuid().ToString("N")[..8];
    private readonly Dictionary<string, ResultsStore> stores = [];
    private readonly Dictionary<(string Sweep, string CellId), CellWritten> written = [];

    /// <param name="coordinator">Hears every <see cref="CellWritten"/> and <see cref="CellWriteFailed"/> too.</param>
    public Aggregator(string resultsRoot, IActorRef coordinator, ILogger log)
    {
        this.resultsRoot = resultsRoot;
        this.coordinator = coordinator;
        this.log = log.ForContext("Actor", "aggregator");
        Receive<CellTrained>(OnTrained);
        Receive<CellAbandoned>(OnAbandoned);
        Receive<SweepCompactionRequested>(OnCompactionRequested);
    }

    /// <summary>For tests: an aggregator that tells its acknowledgements to <paramref name="coordinator"/>.</summary>
    public static Props Props(string resultsRoot, IActorRef coordinator, ILogger log) =>
        Akka.Actor.Props.Create(() => new Aggregator(resultsRoot, coordinator, log));

    protected override void PostStop()
    {
        foreach (var store in stores.Values)
        {
            store.Dispose();
        }
    }

    private void OnTrained(CellTrained trained)
    {
        var status = trained.Result.Status == CellStatus.Diverged ? CellStatus.Diverged : CellStatus.Completed;
        var detail = $"valid loss {trained.Result.FinalValidLoss:F4}";
        Write(trained.Sweep, trained.Cell.Id, new CellWritten(trained.Sweep, trained.Cell.Id, trained.Attempt, status.Word(), trained.Worker, detail), store =>
        {
            var attempt = $"{trained.Attempt}-{runId}";
            var records = trained.Records;
            if (records.Steps.Count + records.Epochs.Count > 0)
            {
                store.AppendCurves(ResultRows.Curves(trained.Sweep, trained.Cell.Id, attempt, records.HyperparameterNames, records.Steps, records.Epochs));
            }

            store.AppendCells(ResultRows.Cell(new CellRow(
                trained.Sweep, trained.Cell.Id, trained.Cell.Config, trained.Cell.Variables, attempt, trained.Attempt, status, trained.Result, trained.Device, trained.Worker, Host: trained.Host, GroupId: trained.GroupId)));
        });
    }

    private void OnAbandoned(CellAbandoned gaveUp)
    {
        Write(gaveUp.Sweep, gaveUp.Cell.Id, new CellWritten(gaveUp.Sweep, gaveUp.Cell.Id, gaveUp.Attempt, CellStatusWords.Failed, gaveUp.Worker, gaveUp.Error), store =>
            store.AppendCells(ResultRows.Cell(new CellRow(
                gaveUp.Sweep, gaveUp.Cell.Id, gaveUp.Cell.Config, gaveUp.Cell.Variables, $"{gaveUp.Attempt}-{runId}", gaveUp.Attempt, CellStatus.Failed, null, gaveUp.Device, "-", gaveUp.Error))));
    }

    private void Write(string sweep, string cellId, CellWritten done, Action<ResultsStore> write)
    {
        if (written.TryGetValue((sweep, cellId), out var before))
        {
            Sender.Tell(before);
            return;
        }

        try
        {
            write(Store(sweep));
        }
        catch (Exception e) when (e is ResultsStoreException or DuckDbException or IOException or UnauthorizedAccessException)
        {
            log.Error(e, "Writing the results of cell {CellId} of sweep {Sweep} failed", cellId, sweep);
            var failed = new CellWriteFailed(sweep, cellId, e.Message);
            Sender.Tell(failed);
            if (!Sender.Equals(coordinator))
            {
                coordinator.Tell(failed);
            }

            return;
        }

        written[(sweep, cellId)] = done;
        Sender.Tell(done);
        if (!Sender.Equals(coordinator))
        {
            coordinator.Tell(done);
        }

        RemoveCheckpoint(sweep, cellId);
    }

    // The row is durable, so the checkpoint is only clutter now; failing to remove it costs disk, not results.
    private void RemoveCheckpoint(string sweep, string cellId)
    {
        var folder = CheckpointFolder.OfCell(CheckpointFolder.OfSweep(resultsRoot, sweep), cellId);
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.Warning("Cannot remove the checkpoint of cell {CellId} in {Folder}: {Error}", cellId, folder, e.Message);
        }
    }

    // Every row is already durable in its part; merging only tidies up, so a failure loses nothing and the next
    // run (or query) merges again.
    private void OnCompactionRequested(SweepCompactionRequested request)
    {
        string? warning = null;
        var store = Store(request.Sweep);
        stores.Remove(request.Sweep);
        try
        {
            store.Compact();
        }
        catch (Exception e) when (e is ResultsStoreException or DuckDbException or IOException or UnauthorizedAccessException)
        {
            warning = e.Message;
            log.Warning("Could not merge the result parts of sweep {Sweep} (they are kept and read as they are): {Error}", request.Sweep, e.Message);
        }
        finally
        {
            store.Dispose();
        }

        foreach (var key in written.Keys.Where(k => k.Sweep == request.Sweep).ToList())
        {
            written.Remove(key);
        }

        Sender.Tell(new SweepCompacted(request.Sweep, warning));
    }

    private ResultsStore Store(string sweep)
    {
        if (!stores.TryGetValue(sweep, out var store))
        {
            store = ResultsStore.ForSweep(resultsRoot, sweep);
            stores[sweep] = store;
        }

        return store;
    }
}
