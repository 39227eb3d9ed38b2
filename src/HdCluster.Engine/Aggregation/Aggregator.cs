using Akka.Actor;
using HdCluster.Experiments;
using HdCluster.Engine.Workers;
using HdCluster.Results;
using HdCluster.Training;
using Serilog;

namespace HdCluster.Engine.Aggregation;

/// <summary>
/// Makes finished cells durable under one results root: curves first, then the cell rows, each as an atomic Parquet
/// part, so a cell row on disk always has its curves. Acknowledges (<see cref="CellWritten"/>) only after the write,
/// to the worker that re-sends until then and to the coordinator that counts the cell done only then. A cell is
/// written once: a result that comes again (a resend, or a second attempt of a cell whose worker only seemed lost)
/// is acknowledged without a second write. Once a cell's row is written its epoch checkpoint is removed.
/// <para>Group commit: a flush to disk costs milliseconds whatever a part holds, so cells that arrive together are
/// written together, their curves in one part and their rows in another (<see cref="PendingWrites"/>). The first
/// cell buffered sends the aggregator a <see cref="FlushDue"/>, which the mailbox delivers after every message that
/// came before it: an idle aggregator writes a lone cell at once, a busy one writes all that queued meanwhile.</para>
/// </summary>
public sealed class Aggregator : ReceiveActor
{
    /// <summary>The most cells written as one part: a batch stays a bounded amount of memory.</summary>
    public const int MaxCellsPerPart = 256;

    /// <summary>The most curve rows written as one part, whatever the cells' count.</summary>
    public const int MaxCurveRowsPerPart = 256 * 1024;

    private readonly string resultsRoot;
    private readonly IActorRef coordinator;
    private readonly ILogger log;
    private readonly string runId = Guid.NewGuid().ToString("N")[..8];
    private readonly Dictionary<string, ResultsStore> stores = [];
    private readonly Dictionary<(string Sweep, string CellId), CellWritten> written = [];
    private readonly PendingWrites pending = new(MaxCellsPerPart, MaxCurveRowsPerPart);
    private bool flushDue;

    /// <param name="coordinator">Hears every <see cref="CellWritten"/> and <see cref="CellWriteFailed"/> too.</param>
    public Aggregator(string resultsRoot, IActorRef coordinator, ILogger log)
    {
        this.resultsRoot = resultsRoot;
        this.coordinator = coordinator;
        this.log = log.ForContext("Actor", "aggregator");
        Receive<CellTrained>(OnTrained);
        Receive<CellAbandoned>(OnAbandoned);
        Receive<FlushDue>(_ =>
        {
            flushDue = false;
            Flush();
        });
        Receive<SweepCompactionRequested>(OnCompactionRequested);
    }

    /// <summary>For tests: an aggregator that tells its acknowledgements to <paramref name="coordinator"/>.</summary>
    public static Props Props(string resultsRoot, IActorRef coordinator, ILogger log) =>
        Akka.Actor.Props.Create(() => new Aggregator(resultsRoot, coordinator, log));

    protected override void PostStop()
    {
        // Buffered cells were never acknowledged: their workers and the coordinator still count them as unwritten.
        foreach (var store in stores.Values)
        {
            store.Dispose();
        }
    }

    private void OnTrained(CellTrained trained)
    {
        var status = trained.Result.Status == CellStatus.Diverged ? CellStatus.Diverged : CellStatus.Completed;
        var detail = $"valid loss {trained.Result.FinalValidLoss:F4}";
        Buffer(trained.Sweep, trained.Cell.Id, new CellWritten(trained.Sweep, trained.Cell.Id, trained.Attempt, status.Word(), trained.Worker, detail), () =>
        {
            var attempt = $"{trained.Attempt}-{runId}";
            var records = trained.Records;
            var curves = records.Steps.Count + records.Epochs.Count > 0
                ? ResultRows.Curves(trained.Sweep, trained.Cell.Id, attempt, records.HyperparameterNames, records.Steps, records.Epochs)
                : null;
            var row = ResultRows.Cell(new CellRow(
                trained.Sweep, trained.Cell.Id, trained.Cell.Config, trained.Cell.Variables, attempt, trained.Attempt, status, trained.Result, trained.Device, trained.Worker, Host: trained.Host, GroupId: trained.GroupId));
            return (curves, row);
        });
    }

    private void OnAbandoned(CellAbandoned gaveUp)
    {
        Buffer(gaveUp.Sweep, gaveUp.Cell.Id, new CellWritten(gaveUp.Sweep, gaveUp.Cell.Id, gaveUp.Attempt, CellStatusWords.Failed, gaveUp.Worker, gaveUp.Error), () =>
            (null, ResultRows.Cell(new CellRow(
                gaveUp.Sweep, gaveUp.Cell.Id, gaveUp.Cell.Config, gaveUp.Cell.Variables, $"{gaveUp.Attempt}-{runId}", gaveUp.Attempt, CellStatus.Failed, null, gaveUp.Device, "-", gaveUp.Error))));
    }

    /// <summary>
    /// Queues a cell's rows for the next write; <paramref name="rows"/> runs only for a cell not yet written nor
    /// queued. A result that comes again is answered as the first one is: at once when written, else with it.
    /// </summary>
    private void Buffer(string sweep, string cellId, CellWritten done, Func<(ResultTable? Curves, ResultTable Cell)> rows)
    {
        if (written.TryGetValue((sweep, cellId), out var before))
        {
            Sender.Tell(before);
            return;
        }

        if (pending.TryJoin(sweep, cellId, Sender))
        {
            return;
        }

        var (curves, cell) = rows();
        pending.Add(new PendingCell(sweep, cellId, done, curves, cell, Sender));
        if (pending.IsFull)
        {
            Flush();
        }
        else if (!flushDue)
        {
            flushDue = true;
            Self.Tell(FlushDue.Instance);
        }
    }

    /// <summary>Writes every buffered cell, one curves part and one cells part per sweep, then answers for each.</summary>
    private void Flush()
    {
        foreach (var batch in pending.TakeAll().GroupBy(cell => cell.Sweep, StringComparer.Ordinal))
        {
            var cells = batch.ToArray();
            try
            {
                var store = Store(batch.Key);
                var curves = cells.Select(c => c.Curves).OfType<ResultTable>().ToArray();
                if (curves.Length > 0)
                {
                    store.AppendCurves(curves);
                }

                store.AppendCells(cells.Select(c => c.Cell).ToArray());
            }
            catch (Exception e) when (e is ResultsStoreException or DuckDbException or IOException or UnauthorizedAccessException)
            {
                log.Error(e, "Writing the results of {Cells} cell(s) of sweep {Sweep} failed, first {CellId}", cells.Length, batch.Key, cells[0].CellId);
                foreach (var cell in cells)
                {
                    Answer(cell, new CellWriteFailed(cell.Sweep, cell.CellId, e.Message));
                }

                continue;
            }

            log.Debug("Wrote {Cells} cell(s) of sweep {Sweep} in one part", cells.Length, batch.Key);
            foreach (var cell in cells)
            {
                written[(cell.Sweep, cell.CellId)] = cell.Done;
                Answer(cell, cell.Done);
                RemoveCheckpoint(cell.Sweep, cell.CellId);
            }
        }
    }

    /// <summary>Every message that brought the cell gets an answer; the coordinator hears it once in any case.</summary>
    private void Answer(PendingCell cell, object answer)
    {
        foreach (var sender in cell.Senders)
        {
            sender.Tell(answer, Self);
        }

        if (!cell.Senders.Contains(coordinator))
        {
            coordinator.Tell(answer, Self);
        }
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
    // run (or query) merges again. Cells still buffered are written first, so the merge holds them.
    private void OnCompactionRequested(SweepCompactionRequested request)
    {
        Flush();
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

    /// <summary>To itself: the cells buffered so far are due to be written (every message sent before this one is in).</summary>
    private sealed record FlushDue
    {
        public static readonly FlushDue Instance = new();
    }
}
