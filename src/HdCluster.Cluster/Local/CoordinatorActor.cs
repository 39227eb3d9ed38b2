using HdCluster.Actors;
using HdCluster.Cluster.Messages;
using HdCluster.Experiments;
using HdCluster.Sweeps;
using HdCluster.Training;
using Serilog;

namespace HdCluster.Cluster.Local;

/// <summary>
/// Owns the sweep: which cells are pending, running (where, since when), done, diverged or failed. Hands a
/// cell, or a fused group of cells, to each idle worker, retries a failed cell up to a limit, and finishes once
/// every cell's rows are durable. A fused group that fails gives its cells back to run alone, so a problem of
/// fusion never costs a cell its result. Nothing else touches this state; the only way in is the mailbox.
/// </summary>
internal sealed class CoordinatorActor : Actor
{
    private readonly Sweep sweep;
    private readonly SweepRunOptions options;
    private readonly ActorRef aggregator;
    private readonly ISweepObserver observer;
    private readonly ILogger log;
    private readonly TaskCompletionSource<SweepSummary> finished;
    private readonly LinkedList<(Work Work, int Attempt)> pending;
    private readonly Dictionary<string, (string Worker, DateTimeOffset Since, int Attempt, string? Group)> running = [];
    private readonly HashSet<string> awaitingPersistence = [];
    private readonly Queue<ActorRef> idle = new();
    private readonly DateTimeOffset started = DateTimeOffset.UtcNow;
    private readonly int skipped;
    private readonly SweepFusionPlan toRun;
    private int completed;
    private int diverged;
    private int failed;
    private bool stopping;
    private string? fault;

    // What one worker trains at once: a cell alone, or a fused group.
    private sealed record Work(SweepCell? Cell, SweepCellGroup? Group)
    {
        public IReadOnlyList<SweepCell> Cells => Group?.Cells ?? [Cell!];
    }

    /// <param name="toRun">The cells left to run, as fused groups and cells alone.</param>
    public CoordinatorActor(Sweep sweep, SweepFusionPlan toRun, SweepRunOptions options, ActorRef aggregator, ISweepObserver observer, ILogger log, TaskCompletionSource<SweepSummary> finished)
    {
        this.sweep = sweep;
        this.options = options;
        this.aggregator = aggregator;
        this.observer = observer;
        this.log = log.ForContext("Sweep", sweep.Name);
        this.finished = finished;
        // Groups first: they take longest, and starting them early shortens the sweep.
        pending = new LinkedList<(Work, int)>(toRun.Groups.Select(g => (new Work(null, g), 1)).Concat(toRun.Alone.Select(a => (new Work(a.Cell, null), 1))));
        skipped = sweep.Cells.Count - pending.Sum(p => p.Work.Cells.Count);
        this.toRun = toRun;
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
                Context.Watch(Context.ActorOf(Props.Create(() => new WorkerActor(Self, device, options.DataRoot, options.BeforeGroupTrains)), name));
                workers.Add(name);
            }
        }

        observer.SweepStarted(sweep.Name, sweep.Cells.Count, skipped, workers);
        log.Information("Sweep {Sweep}: {Total} cells, {Skipped} already done, {Workers} workers on {Devices}", sweep.Name, sweep.Cells.Count, skipped, workers.Count, options.Devices);
        foreach (var group in toRun.Groups)
        {
            log.Information("Fused group {GroupId}: {Count} cells of {Model} ({Structure}): {Cells}", group.Id, group.Cells.Count, group.Cells[0].Config.Model, group.Structure, group.Cells.Select(c => c.Id));
        }

        foreach (var reason in toRun.Alone.GroupBy(a => a.Reason))
        {
            log.Information("{Count} cells train alone: {Reason}", reason.Count(), reason.Key);
        }

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
            case GroupFailed fail:
                OnGroupFailed(fail);
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
            var (work, attempt) = pending.First!.Value;
            pending.RemoveFirst();
            var now = DateTimeOffset.UtcNow;
            foreach (var member in work.Cells)
            {
                running[member.Id] = (worker.Name, now, attempt, work.Group?.Id);
            }

            if (work.Group is { } group)
            {
                var description = $"fused, {group.Cells.Count} cells: {Describe(group.Cells[0])} ...";
                log.Information("Fused group {GroupId} ({Count} cells) attempt {Attempt} starts on {Worker}", group.Id, group.Cells.Count, attempt, worker.Name);
                observer.GroupStarted(worker.Name, group.Id, group.Cells.Select(c => c.Id).ToList(), description, attempt);
                worker.Tell(new GroupAssigned(group, attempt), Self);
            }
            else
            {
                var cell = work.Cell!;
                var description = Describe(cell);
                log.Information("Cell {CellId} ({Description}) attempt {Attempt} starts on {Worker}", cell.Id, description, attempt, worker.Name);
                observer.CellStarted(worker.Name, cell.Id, description, attempt);
                worker.Tell(new CellAssigned(cell, attempt), Self);
            }
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
            pending.AddFirst((new Work(fail.Cell, null), fail.Attempt + 1));
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

    // The group trained none of its cells to the end. Its cells run again alone: whether the cause was the
    // fusion or a cell, alone each cell gets its own result or its own error.
    private void OnGroupFailed(GroupFailed fail)
    {
        foreach (var cell in fail.Group.Cells)
        {
            running.Remove(cell.Id);
        }

        if (stopping)
        {
            FinishIfDone();
            return;
        }

        log.Warning("Fused group {GroupId} attempt {Attempt} failed on {Worker}: {Error}; its {Count} cells run again alone", fail.Group.Id, fail.Attempt, fail.Worker, fail.Error, fail.Group.Cells.Count);
        observer.CellFinished(fail.Worker, fail.Group.Id, "retrying alone", fail.Error);
        foreach (var cell in fail.Group.Cells.Reverse())
        {
            if (fail.Attempt < options.MaxAttempts)
            {
                pending.AddFirst((new Work(cell, null), fail.Attempt + 1));
            }
            else
            {
                failed++;
                observer.CellFinished(fail.Worker, cell.Id, "failed", fail.Error);
                awaitingPersistence.Add(cell.Id);
                aggregator.Tell(new CellAbandoned(cell, fail.Attempt, fail.Error, fail.Device), Self);
            }
        }

        Dispatch();
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
        pending.Sum(p => p.Work.Cells.Count),
        running.Select(kv => new RunningCell(kv.Key, kv.Value.Worker, kv.Value.Since, kv.Value.Attempt, kv.Value.Group)).ToList(),
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
