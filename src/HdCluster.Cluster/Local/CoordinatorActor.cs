using HdCluster.Actors;
using HdCluster.Cluster.Messages;
using HdCluster.Sweeps;
using HdCluster.Training;
using Serilog;

namespace HdCluster.Cluster.Local;

/// <summary>
/// Owns the sweep: which cells are pending, running (where, since when), done, diverged or failed. Hands a
/// cell to each idle worker, retries a failed cell up to a limit, and finishes once every cell's rows are
/// durable. Nothing else touches this state; the only way in is the mailbox.
/// </summary>
internal sealed class CoordinatorActor : Actor
{
    private readonly Sweep sweep;
    private readonly SweepRunOptions options;
    private readonly ActorRef aggregator;
    private readonly ISweepObserver observer;
    private readonly ILogger log;
    private readonly TaskCompletionSource<SweepSummary> finished;
    private readonly LinkedList<(SweepCell Cell, int Attempt)> pending;
    private readonly Dictionary<string, (string Worker, DateTimeOffset Since, int Attempt)> running = [];
    private readonly HashSet<string> awaitingPersistence = [];
    private readonly Queue<ActorRef> idle = new();
    private readonly DateTimeOffset started = DateTimeOffset.UtcNow;
    private readonly int skipped;
    private int completed;
    private int diverged;
    private int failed;
    private bool stopping;
    private string? fault;

    public CoordinatorActor(Sweep sweep, IReadOnlyList<SweepCell> toRun, SweepRunOptions options, ActorRef aggregator, ISweepObserver observer, ILogger log, TaskCompletionSource<SweepSummary> finished)
    {
        this.sweep = sweep;
        this.options = options;
        this.aggregator = aggregator;
        this.observer = observer;
        this.log = log.ForContext("Sweep", sweep.Name);
        this.finished = finished;
        pending = new LinkedList<(SweepCell, int)>(toRun.Select(c => (c, 1)));
        skipped = sweep.Cells.Count - toRun.Count;
    }

    protected override SupervisorStrategy SupervisorStrategy => SupervisorStrategy.Default with
    {
        Decider = _ => SupervisorDirective.Restart,
        MaxRestarts = 5,
        WhenRestartBudgetExhausted = SupervisorDirective.Stop,
    };

    protected override void PreStart()
    {
        var workers = new List<string>();
        foreach (var device in options.Devices)
        {
            for (var slot = 0; slot < options.SlotsPerDevice; slot++)
            {
                var name = $"worker-{device.Replace(':', '-')}-{slot}";
                Context.Watch(Context.ActorOf(Props.Create(() => new WorkerActor(Self, device, options.DataRoot)), name));
                workers.Add(name);
            }
        }

        observer.SweepStarted(sweep.Name, sweep.Cells.Count, skipped, workers);
        log.Information("Sweep {Sweep}: {Total} cells, {Skipped} already done, {Workers} workers on {Devices}", sweep.Name, sweep.Cells.Count, skipped, workers.Count, options.Devices);
        FinishIfDone();
    }

    protected override Task ReceiveAsync(object message)
    {
        if (message is not (CellProgressed or StatusRequested or Terminated))
        {
            PublishStatus();
        }

        switch (message)
        {
            case WorkerIdle ready:
                idle.Enqueue(ready.Worker);
                Dispatch();
                break;
            case CellProgressed progress:
                observer.CellProgressed(progress);
                break;
            case CellCompleted done:
                OnCompleted(done);
                break;
            case CellFailed fail:
                OnFailed(fail);
                break;
            case DataUnavailable unreadable:
                OnDataUnavailable(unreadable);
                break;
            case CellPersisted persisted:
                awaitingPersistence.Remove(persisted.CellId);
                FinishIfDone();
                break;
            case PersistenceFailed broken:
                log.Error("Cannot write results of cell {CellId}: {Error}; stopping the sweep", broken.CellId, broken.Error);
                awaitingPersistence.Remove(broken.CellId);
                fault ??= $"cannot write the results of cell {broken.CellId}: {broken.Error}";
                Stop();
                break;
            case StopRequested:
                log.Warning("Stop requested: {Running} cells in flight are cancelled and will run again on the next run", running.Count);
                Stop();
                break;
            case StatusRequested:
                Sender.Tell(Status());
                break;
            case Terminated:
                break;
            default:
                Unhandled(message);
                break;
        }

        return Task.CompletedTask;
    }

    private void Dispatch()
    {
        while (!stopping && pending.Count > 0 && idle.Count > 0)
        {
            var worker = idle.Dequeue();
            var (cell, attempt) = pending.First!.Value;
            pending.RemoveFirst();
            running[cell.Id] = (worker.Name, DateTimeOffset.UtcNow, attempt);
            var description = Describe(cell);
            log.Information("Cell {CellId} ({Description}) attempt {Attempt} starts on {Worker}", cell.Id, description, attempt, worker.Name);
            observer.CellStarted(worker.Name, cell.Id, description, attempt);
            worker.Tell(new CellAssigned(cell, attempt), Self);
        }

        FinishIfDone();
    }

    private void OnCompleted(CellCompleted done)
    {
        running.Remove(done.Cell.Id);
        if (done.Result.Status == CellStatus.Cancelled)
        {
            observer.CellFinished(done.Worker, done.Cell.Id, "cancelled", null);
            FinishIfDone();
            return;
        }

        if (done.Result.Status == CellStatus.Diverged)
        {
            diverged++;
            log.Warning("Cell {CellId} diverged at step {Step}: {Quantity} is not finite", done.Cell.Id, done.Result.DivergedAtStep, done.Result.DivergedQuantity);
        }
        else
        {
            completed++;
            log.Information("Cell {CellId} completed: valid loss {ValidLoss:F4}, accuracy {Accuracy:P2}, {Wall:F1} s", done.Cell.Id, done.Result.FinalValidLoss, done.Result.FinalValidAccuracy, done.Result.WallSeconds);
        }

        observer.CellFinished(done.Worker, done.Cell.Id, done.Result.Status.ToString().ToLowerInvariant(), $"valid loss {done.Result.FinalValidLoss:F4}");
        awaitingPersistence.Add(done.Cell.Id);
        aggregator.Tell(done, Self);
    }

    private void OnFailed(CellFailed fail)
    {
        running.Remove(fail.Cell.Id);
        if (stopping)
        {
            FinishIfDone();
            return;
        }

        if (fail.Attempt < options.MaxAttempts)
        {
            log.Warning("Cell {CellId} attempt {Attempt} failed on {Worker}: {Error}; retrying", fail.Cell.Id, fail.Attempt, fail.Worker, fail.Error);
            pending.AddFirst((fail.Cell, fail.Attempt + 1));
            observer.CellFinished(fail.Worker, fail.Cell.Id, "retrying", fail.Error);
            Dispatch();
            return;
        }

        failed++;
        log.Error("Cell {CellId} failed {Attempts} times; giving up: {Error}", fail.Cell.Id, fail.Attempt, fail.Error);
        observer.CellFinished(fail.Worker, fail.Cell.Id, "failed", fail.Error);
        awaitingPersistence.Add(fail.Cell.Id);
        aggregator.Tell(new CellAbandoned(fail.Cell, fail.Attempt, fail.Error, fail.Device), Self);
    }

    // A data file that cannot be read fails every cell on that data the same way: retrying each cell
    // MaxAttempts times would only repeat the error and mark healthy cells failed. The cell is not written,
    // so once the data is fixed a rerun trains it and every cell left.
    private void OnDataUnavailable(DataUnavailable unreadable)
    {
        running.Remove(unreadable.Cell.Id);
        observer.CellFinished(unreadable.Worker, unreadable.Cell.Id, "cancelled", unreadable.Error);
        if (fault is null)
        {
            log.Error("Cell {CellId} cannot read its data: {Error}; stopping the sweep", unreadable.Cell.Id, unreadable.Error);
            fault = $"cannot read the data of cell {unreadable.Cell.Id}: {unreadable.Error}";
        }

        Stop();
    }

    private void Stop()
    {
        stopping = true;
        foreach (var child in Context.Children)
        {
            child.Tell(new StopRequested(), Self);
        }

        FinishIfDone();
    }

    private void FinishIfDone()
    {
        if (finished.Task.IsCompleted || running.Count > 0 || awaitingPersistence.Count > 0 || (!stopping && pending.Count > 0))
        {
            return;
        }

        var summary = new SweepSummary(
            sweep.Name,
            Path.Combine(options.ResultsRoot, sweep.Name),
            sweep.Cells.Count,
            skipped,
            completed,
            diverged,
            failed,
            sweep.Cells.Count - skipped - completed - diverged - failed,
            stopping,
            DateTimeOffset.UtcNow - started,
            fault);
        finished.TrySetResult(summary);
        PublishStatus();
    }

    private SweepStatus Status() => new(
        sweep.Name,
        Environment.ProcessId,
        Environment.MachineName,
        DateTimeOffset.UtcNow,
        sweep.Cells.Count,
        skipped,
        pending.Count,
        running.Select(kv => new RunningCell(kv.Key, kv.Value.Worker, kv.Value.Since, kv.Value.Attempt)).ToList(),
        completed,
        diverged,
        failed,
        finished.Task.IsCompleted);

    // The live view `hdc status` reads beside the Parquet files: written whole and renamed into place.
    private void PublishStatus()
    {
        try
        {
            SweepStatus.Write(Path.Combine(options.ResultsRoot, sweep.Name), Status());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.Warning("Cannot write the status file: {Error}", e.Message);
        }
    }

    internal static string Describe(SweepCell cell) => $"{cell.Config.Model} {cell.Config.Optimizer} seed {cell.Config.Seed}";
}
