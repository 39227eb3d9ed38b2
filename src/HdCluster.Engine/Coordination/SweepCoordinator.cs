using Akka.Actor;
using Akka.Persistence;
using HdCluster.Engine.Aggregation;
using HdCluster.Engine.Status;
using HdCluster.Engine.Workers;
using HdCluster.Results;
using HdCluster.Sweeps;
using Serilog;

namespace HdCluster.Engine.Coordination;

/// <summary>
/// Owns the sweeps of one results root: which cells wait, which run where and since when, which are done. Idle
/// worker slots ask for work (<see cref="WorkRequested"/>) and get a cell alone or a fused group, taking turns
/// between open sweeps so that sweeps share the workers. A failed cell is retried up to the sweep's limit; a fused
/// group that fails gives its cells back to run alone; a lost worker's cells run again as their next attempt (a cell
/// alone resumes from its epoch checkpoint). A cell counts as done only once the aggregator has written its row.
/// What happens is journaled (ids and status words only), so a restarted coordinator, or a cluster singleton that
/// moved, knows where every cell stands.
/// </summary>
public sealed class SweepCoordinator : ReceivePersistentActor, IWithTimers
{
    private const int SnapshotEvery = 1000;

    private static readonly IReadOnlySet<string> NothingDone = new HashSet<string>();
    private const string StatusTick = "status";

    private readonly string resultsRoot;
    private readonly ILogger log;
    private readonly Dictionary<string, SweepBook> books = new(StringComparer.Ordinal);
    private readonly List<string> turns = [];
    private readonly Dictionary<string, HashSet<IActorRef>> watchers = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, WorkerEntry> workers = [];
    private readonly LinkedList<IActorRef> idle = new();
    private readonly Func<IUntypedActorContext, IActorRef> aggregatorFactory;
    private IActorRef aggregator = ActorRefs.Nobody;
    private int turn;
    private bool statusDirty;
    private long snapshotAt;

    /// <param name="resultsRoot">Where each sweep's Parquet files, status and checkpoints go (<c>ROOT/&lt;sweep&gt;/</c>).</param>
    /// <param name="persistenceId">The journal's id for this coordinator; one per results root.</param>
    /// <param name="aggregatorFactory">Creates the aggregator (a child, by default) that writes for this coordinator.</param>
    public SweepCoordinator(string resultsRoot, string persistenceId, ILogger log, Func<IUntypedActorContext, IActorRef>? aggregatorFactory = null)
    {
        this.resultsRoot = resultsRoot;
        PersistenceId = persistenceId;
        this.log = log.ForContext("Actor", "coordinator");
        this.aggregatorFactory = aggregatorFactory ?? (context => context.ActorOf(Aggregator.Props(resultsRoot, context.Self, log), "aggregator"));

        Recover<SweepOpened>(e => Reopen(e));
        Recover<WorkDispatched>(e => Book(e.Sweep)?.Dispatched(e, DateTimeOffset.UtcNow));
        Recover<CellSettled>(e => Book(e.Sweep)?.Settled(e));
        Recover<WorkReturned>(e => Book(e.Sweep)?.Returned(e));
        Recover<SweepClosed>(e => Forget(e.Sweep));
        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is CoordinatorSnapshot snapshot)
            {
                foreach (var sweep in snapshot.Sweeps)
                {
                    Add(SweepBook.Restore(sweep));
                }
            }
        });
        Recover<RecoveryCompleted>(_ => Resume());

        Command<SweepSubmitted>(Submit);
        Command<SweepCancelled>(cancelled =>
        {
            if (Book(cancelled.Sweep) is { } book)
            {
                log.Warning("Sweep {Sweep}: stop requested; {Running} cells in flight are cancelled and run again on the next run", book.Name, book.InFlight);
                Stop(book);
            }
        });
        Command<SweepWatched>(watched => Watch(watched.Sweep, Sender));
        Command<WorkRequested>(OnWorkRequested);
        Command<CellProgressed>(OnProgressed);
        Command<CellTrained>(OnTrained);
        Command<WorkFailed>(OnFailed);
        Command<WorkStopped>(OnStopped);
        Command<DataUnavailable>(OnDataUnavailable);
        Command<CellWritten>(OnWritten);
        Command<CellWriteFailed>(OnWriteFailed);
        Command<SweepCompacted>(OnCompacted);
        Command<StatusRequested>(_ => Sender.Tell(new CoordinatorStatus(
            books.Values.Select(b => b.Status(DateTimeOffset.UtcNow)).ToList(),
            workers.Select(w => new WorkerSeen(w.Value.Name, w.Value.Device, w.Value.Host, w.Value.Work?.Sweep, w.Value.Work?.CellIds.ToList() ?? [], w.Value.Work?.Since)).ToList())));
        Command<Terminated>(terminated => OnWorkerLost(terminated.ActorRef));
        Command<StatusTickDue>(_ => PublishStatus());
        Command<SaveSnapshotSuccess>(saved => DeleteMessages(saved.Metadata.SequenceNr));
        Command<SaveSnapshotFailure>(failed => log.Warning("Saving a snapshot failed: {Error}", failed.Cause.Message));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(_ => { });
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>A coordinator for <paramref name="resultsRoot"/> with its own aggregator as a child.</summary>
    public static Props Props(string resultsRoot, ILogger log, string persistenceId = "sweep-coordinator") =>
        Akka.Actor.Props.Create(() => new SweepCoordinator(resultsRoot, persistenceId, log, null));

    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(5, TimeSpan.FromMinutes(1), _ => Directive.Restart);

    protected override void PreStart()
    {
        aggregator = aggregatorFactory(Context);
        Timers.StartPeriodicTimer(StatusTick, StatusTickDue.Instance, TimeSpan.FromSeconds(1));
        base.PreStart();
    }

    protected override void PostStop()
    {
        PublishStatus();
        base.PostStop();
    }

    private SweepBook? Book(string sweep) => books.GetValueOrDefault(sweep);

    private void Add(SweepBook book)
    {
        books[book.Name] = book;
        turns.Add(book.Name);
    }

    private void Forget(string sweep)
    {
        books.Remove(sweep);
        turns.Remove(sweep);
    }

    // The results are read once, when recovery completes (Resume): replaying the journal only rebuilds the book.
    private void Reopen(SweepOpened e)
    {
        try
        {
            Add(SweepBook.Open(e.Definition, e.MaxAttempts, e.Definition.Load(), NothingDone));
        }
        catch (Exception error) when (error is SweepFileException or InvalidDataException or IOException)
        {
            log.Error("Sweep {Sweep} cannot be reopened from the journal and is dropped: {Error}", e.Definition.Name, error.Message);
        }
    }

    // After a restart the cells that were on a worker may have lost it: they run again as their next attempt (a
    // worker that is still training one will deliver it, and the aggregator keeps the first).
    private void Resume()
    {
        foreach (var book in books.Values.ToList())
        {
            // The journal can be behind the results: a row is written before its settlement is persisted, a snapshot
            // may predate both, and cells done before the sweep was submitted are not in the journal at all. Parquet
            // is the truth, so a cell with a row is never trained again; results that cannot be read leave no truth
            // to go by, so the sweep is dropped rather than risk training finished cells twice.
            IReadOnlySet<string> finished;
            try
            {
                finished = ReadFinished(book.Name);
            }
            catch (Exception error) when (error is ResultsStoreException or DuckDbException or IOException)
            {
                log.Error("Sweep {Sweep} is dropped at recovery: its results cannot be read ({Error}); submit it again once they are repaired", book.Name, error.Message);
                Forget(book.Name);
                continue;
            }

            book.SkipFinished(finished);
            var interrupted = book.InterruptedCells();
            book.Returned(new WorkReturned(book.Name, interrupted));
            book.Plan();
            log.Information("Sweep {Sweep}: recovered; {Skipped} cells already written are skipped, {Completed} completed, {Diverged} diverged, {Failed} failed in the journal", book.Name, book.Skipped, book.Completed, book.Diverged, book.Failed);
            if (interrupted.Count > 0)
            {
                log.Warning("Sweep {Sweep}: recovered; {Count} cells that were running run again", book.Name, interrupted.Count);
            }
        }
    }

    private IReadOnlySet<string> ReadFinished(string sweep)
    {
        using var store = ResultsStore.ForSweep(resultsRoot, sweep);
        return store.FinishedCellIds();
    }

    private void Submit(SweepSubmitted submitted)
    {
        var definition = submitted.Definition;
        if (books.ContainsKey(definition.Name))
        {
            Sender.Tell(new SweepRefused(definition.Name, $"sweep {definition.Name} is already running on this coordinator"));
            return;
        }

        Sweep sweep;
        IReadOnlySet<string> done;
        try
        {
            sweep = definition.Load();
            done = ReadFinished(sweep.Name);
        }
        catch (Exception e) when (e is SweepFileException or InvalidDataException or ResultsStoreException or DuckDbException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            Sender.Tell(new SweepRefused(definition.Name, e.Message));
            return;
        }

        var client = Sender;
        Persist(new SweepOpened(definition, submitted.MaxAttempts), e =>
        {
            var book = SweepBook.Open(e.Definition, e.MaxAttempts, sweep, done);
            Add(book);
            Watch(book.Name, client);
            client.Tell(new SweepAccepted(book.Name, sweep.Cells.Count, book.Skipped));
            var plan = book.Plan();
            log.Information("Sweep {Sweep}: {Total} cells, {Skipped} already done, {Workers} workers known", book.Name, sweep.Cells.Count, book.Skipped, workers.Count);
            foreach (var group in plan.Groups)
            {
                log.Information("Fused group {GroupId}: {Count} cells of {Model} ({Structure}): {Cells}", group.Id, group.Cells.Count, group.Cells[0].Config.Model, group.Structure, group.Cells.Select(c => c.Id));
            }

            // Counted by the plan: grouping plan.Alone would build every lone cell of the sweep again.
            foreach (var reason in plan.AloneReasons)
            {
                log.Information("{Count} cells train alone: {Reason}", reason.Cells, reason.Reason);
            }

            statusDirty = true;
            PublishStatus();
            Dispatch();
            FinishIfDone(book);
        });
    }

    private void Watch(string sweep, IActorRef watcher)
    {
        if (watcher.IsNobody() || watcher is DeadLetterActorRef)
        {
            return;
        }

        if (!watchers.TryGetValue(sweep, out var set))
        {
            watchers[sweep] = set = [];
        }

        set.Add(watcher);
    }

    private void Tell(string sweep, object message)
    {
        if (watchers.TryGetValue(sweep, out var set))
        {
            foreach (var watcher in set)
            {
                watcher.Tell(message);
            }
        }
    }

    private void OnWorkRequested(WorkRequested request)
    {
        if (!workers.TryGetValue(Sender, out var entry))
        {
            // Counting from the slot's own count: a coordinator that restarted meets slots that had offers before.
            entry = new WorkerEntry(request.Worker, request.Device, request.Host) { OffersSent = request.OffersReceived };
            workers[Sender] = entry;
            Context.Watch(Sender);
            log.Debug("Worker {Worker} on {Device} at {Host} joined", request.Worker, request.Device, request.Host);
        }

        if (entry.Work is { CellIds.Count: > 0 } && request.OffersReceived < entry.OffersSent)
        {
            // A repeated request that crossed our offer: the slot will take it.
            return;
        }

        if (entry.Work is { } unfinished && unfinished.CellIds.Count > 0)
        {
            // The worker is idle but we hold cells on it: it never reported them (it restarted, or a message
            // was lost). They run again.
            GiveBack(unfinished.Sweep, unfinished.CellIds.ToList(), entry.Name, "its worker asked for new work without reporting them");
        }

        entry.Work = null;
        if (!entry.Idle)
        {
            entry.Idle = true;
            idle.AddLast(Sender);
        }

        Dispatch();
    }

    private void Dispatch()
    {
        // Journaled together, and each offer goes out once its event is in the journal.
        var events = new List<WorkDispatched>();
        var offers = new Queue<Action>();
        while (idle.First is { } first)
        {
            var book = NextBookWithWork();
            if (book is null)
            {
                break;
            }

            var worker = first.Value;
            idle.RemoveFirst();
            if (!workers.TryGetValue(worker, out var entry))
            {
                continue;
            }

            entry.Idle = false;
            var unit = book.Take()!;
            var ids = book.Ids(unit);
            var now = DateTimeOffset.UtcNow;
            var dispatched = new WorkDispatched(book.Name, ids, unit.Attempt, entry.Name, unit.GroupId);
            book.Dispatched(dispatched, now);
            entry.Work = new WorkInHand(book.Name, [.. ids], now);
            entry.OffersSent++;
            statusDirty = true;
            var cells = ids.Select(book.Cell).ToList();
            var offer = new WorkOffered(book.Name, unit.GroupId, cells, unit.Attempt, CheckpointFolder.OfSweep(resultsRoot, book.Name));
            events.Add(dispatched);
            offers.Enqueue(() =>
            {
                var description = unit.GroupId is null ? Describe(cells[0]) : $"fused, {cells.Count} cells: {Describe(cells[0])} ...";
                if (unit.GroupId is { } group)
                {
                    log.Information("Fused group {GroupId} ({Count} cells) attempt {Attempt} starts on {Worker}", group, cells.Count, unit.Attempt, entry.Name);
                }
                else
                {
                    log.Information("Cell {CellId} ({Description}) attempt {Attempt} starts on {Worker}", ids[0], description, unit.Attempt, entry.Name);
                }

                Tell(book.Name, new WorkStarted(book.Name, entry.Name, unit.GroupId, ids, description, unit.Attempt));
                worker.Tell(offer);
            });
        }

        if (events.Count > 0)
        {
            PersistAll(events, _ => offers.Dequeue()());
            SnapshotNow();
        }
    }

    // Open sweeps take turns, so that two sweeps submitted together share the workers.
    private SweepBook? NextBookWithWork()
    {
        for (var k = 0; k < turns.Count; k++)
        {
            var book = books[turns[(turn + k) % turns.Count]];
            if (!book.Stopping && !book.Closing && book.HasWork())
            {
                turn = (turn + k + 1) % turns.Count;
                return book;
            }
        }

        return null;
    }

    private void OnProgressed(CellProgressed progress)
    {
        if (workers.TryGetValue(Sender, out var entry) && entry.Work is { } work)
        {
            Tell(work.Sweep, progress);
        }
    }

    private void OnTrained(CellTrained trained)
    {
        if (workers.TryGetValue(Sender, out var entry))
        {
            entry.Work?.CellIds.Remove(trained.Cell.Id);
        }

        if (Book(trained.Sweep) is { } book && book.Contains(trained.Cell.Id))
        {
            book.Writing(trained.Cell.Id);
            statusDirty = true;
        }

        // Even for a sweep no longer open: the result is real and its worker waits for the acknowledgement.
        aggregator.Forward(trained);
    }

    private void OnWritten(CellWritten written)
    {
        if (Book(written.Sweep) is not { } book || !book.Contains(written.CellId))
        {
            return;
        }

        var settled = new CellSettled(written.Sweep, written.CellId, written.Status);
        if (!book.Settled(settled))
        {
            return;
        }

        statusDirty = true;
        switch (written.Status)
        {
            case "diverged":
                log.Warning("Cell {CellId} diverged ({Detail})", written.CellId, written.Detail);
                break;
            case "failed":
                log.Error("Cell {CellId} failed {Attempts} times; giving up: {Error}", written.CellId, written.Attempt, written.Detail);
                break;
            default:
                log.Information("Cell {CellId} completed: {Detail}", written.CellId, written.Detail);
                break;
        }

        Persist(settled, _ =>
        {
            Tell(book.Name, new CellEnded(book.Name, written.Worker, written.CellId, written.Status, written.Detail));
            FinishIfDone(book);
        });
        SnapshotNow();
    }

    private void OnWriteFailed(CellWriteFailed failed)
    {
        if (Book(failed.Sweep) is not { } book || !book.Contains(failed.CellId))
        {
            return;
        }

        log.Error("Cannot write the results of cell {CellId}: {Error}; stopping the sweep", failed.CellId, failed.Error);
        book.Fault ??= $"cannot write the results of cell {failed.CellId}: {failed.Error}";
        Return(book, [failed.CellId], again: false);
        Stop(book);
    }

    private void OnFailed(WorkFailed failed)
    {
        ReleaseFrom(Sender, failed.CellIds);
        if (Book(failed.Sweep) is not { } book)
        {
            return;
        }

        if (book.Stopping)
        {
            Return(book, failed.CellIds, again: false);
            FinishIfDone(book);
            return;
        }

        if (failed.GroupId is { } group)
        {
            // The group trained none of its cells to the end. Whether the fusion or a cell was the cause, alone each
            // cell gets its own result or its own error.
            log.Warning("Fused group {GroupId} attempt {Attempt} failed on {Worker}: {Error}; its {Count} cells run again alone", group, failed.Attempt, failed.Worker, failed.Error, failed.CellIds.Count);
            Tell(book.Name, new CellEnded(book.Name, failed.Worker, group, "retrying alone", failed.Error));
        }
        else if (failed.Attempt < book.MaxAttempts)
        {
            log.Warning("Cell {CellId} attempt {Attempt} failed on {Worker}: {Error}; retrying", failed.CellIds[0], failed.Attempt, failed.Worker, failed.Error);
            Tell(book.Name, new CellEnded(book.Name, failed.Worker, failed.CellIds[0], "retrying", failed.Error));
        }

        var retried = failed.CellIds.Where(_ => failed.Attempt < book.MaxAttempts).ToList();
        Return(book, retried, again: true);
        foreach (var id in failed.CellIds.Except(retried))
        {
            book.Writing(id);
            aggregator.Tell(new CellAbandoned(book.Name, book.Cell(id), failed.Attempt, failed.Error, failed.Device, failed.Worker));
        }

        statusDirty = true;
        Dispatch();
    }

    private void OnStopped(WorkStopped stopped)
    {
        ReleaseFrom(Sender, stopped.CellIds);
        if (Book(stopped.Sweep) is not { } book)
        {
            return;
        }

        foreach (var id in stopped.CellIds)
        {
            Tell(book.Name, new CellEnded(book.Name, stopped.Worker, id, "cancelled", null));
        }

        Return(book, stopped.CellIds, again: !book.Stopping);
        FinishIfDone(book);
        Dispatch();
    }

    // A data file that cannot be read fails every cell on that data the same way: retrying each cell would only
    // repeat the error and mark healthy cells failed. The cells are not written, so once the data is fixed a rerun
    // trains them and every cell left.
    private void OnDataUnavailable(DataUnavailable unreadable)
    {
        ReleaseFrom(Sender, unreadable.CellIds);
        if (Book(unreadable.Sweep) is not { } book)
        {
            return;
        }

        foreach (var id in unreadable.CellIds)
        {
            Tell(book.Name, new CellEnded(book.Name, unreadable.Worker, id, "cancelled", unreadable.Error));
        }

        if (book.Fault is null)
        {
            log.Error("Cell {CellId} cannot read its data: {Error}; stopping the sweep", unreadable.CellIds[0], unreadable.Error);
            book.Fault = $"cannot read the data of cell {unreadable.CellIds[0]}: {unreadable.Error}";
        }

        Return(book, unreadable.CellIds, again: false);
        Stop(book);
    }

    private void OnWorkerLost(IActorRef worker)
    {
        if (!workers.Remove(worker, out var entry))
        {
            return;
        }

        idle.Remove(worker);
        if (entry.Work is { CellIds.Count: > 0 } work)
        {
            GiveBack(work.Sweep, work.CellIds.ToList(), entry.Name, "its worker was lost");
        }
    }

    private void GiveBack(string sweep, IReadOnlyList<string> cellIds, string worker, string why)
    {
        if (Book(sweep) is not { } book)
        {
            return;
        }

        if (!book.Stopping && !book.Closing)
        {
            log.Warning("Sweep {Sweep}: cells {Cells} on {Worker} run again: {Why}", sweep, cellIds, worker, why);
        }

        Return(book, cellIds, again: !book.Stopping);
        FinishIfDone(book);
        Dispatch();
    }

    private void ReleaseFrom(IActorRef worker, IReadOnlyList<string> cellIds)
    {
        if (workers.TryGetValue(worker, out var entry) && entry.Work is { } work)
        {
            foreach (var id in cellIds)
            {
                work.CellIds.Remove(id);
            }
        }
    }

    // Back to waiting; with `again`, queued alone as their next attempt.
    private void Return(SweepBook book, IReadOnlyList<string> cellIds, bool again)
    {
        var back = cellIds.Where(id => book.Contains(id) && book.StateOf(id) is CellState.Running or CellState.Writing).ToList();
        if (back.Count == 0)
        {
            return;
        }

        var returned = new WorkReturned(book.Name, back);
        book.Returned(returned);
        if (again)
        {
            foreach (var id in Enumerable.Reverse(back))
            {
                book.RunAloneNext(id);
            }
        }

        statusDirty = true;
        Persist(returned, _ => { });
        SnapshotNow();
    }

    private void Stop(SweepBook book)
    {
        book.Stopping = true;
        book.DropWaiting();
        foreach (var (worker, entry) in workers)
        {
            if (entry.Work is { CellIds.Count: > 0 } work && work.Sweep == book.Name)
            {
                worker.Tell(new WorkCancelled(book.Name));
            }
        }

        statusDirty = true;
        FinishIfDone(book);
    }

    private void FinishIfDone(SweepBook book)
    {
        if (book.Closing || book.InFlight > 0 || (!book.Stopping && book.HasWork()))
        {
            return;
        }

        book.Closing = true;
        statusDirty = true;
        PublishStatus();
        aggregator.Tell(new SweepCompactionRequested(book.Name));
    }

    private void OnCompacted(SweepCompacted compacted)
    {
        if (Book(compacted.Sweep) is not { Closing: true } book)
        {
            return;
        }

        var summary = book.Summary(resultsRoot);
        Persist(new SweepClosed(book.Name), _ =>
        {
            Forget(book.Name);
            Tell(book.Name, new SweepEnded(summary));
            watchers.Remove(book.Name);
        });
    }

    private void SnapshotNow()
    {
        if (LastSequenceNr - snapshotAt >= SnapshotEvery)
        {
            snapshotAt = LastSequenceNr;
            SaveSnapshot(new CoordinatorSnapshot(books.Values.Select(b => b.Snapshot()).ToList()));
        }
    }

    // The live view `hdc status` reads beside the Parquet files: written whole and renamed into place, at most once
    // a second while something changes, and when a sweep ends.
    private void PublishStatus()
    {
        if (!statusDirty)
        {
            return;
        }

        statusDirty = false;
        var now = DateTimeOffset.UtcNow;
        foreach (var book in books.Values)
        {
            try
            {
                SweepStatus.Write(Path.Combine(resultsRoot, book.Name), book.Status(now));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                log.Warning("Cannot write the status file of sweep {Sweep}: {Error}", book.Name, e.Message);
            }
        }
    }

    internal static string Describe(SweepCell cell) => $"{cell.Config.Model} {cell.Config.Optimizer} seed {cell.Config.Seed}";

    private sealed class WorkerEntry(string name, string device, string host)
    {
        public string Name { get; } = name;

        public string Device { get; } = device;

        public string Host { get; } = host;

        public bool Idle { get; set; }

        public WorkInHand? Work { get; set; }

        public long OffersSent { get; set; }
    }

    private sealed record WorkInHand(string Sweep, HashSet<string> CellIds, DateTimeOffset Since);

    private sealed class StatusTickDue
    {
        public static readonly StatusTickDue Instance = new();
    }
}
