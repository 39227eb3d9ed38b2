using HdCluster.Actors;
using HdCluster.Engine.Workers;
using HdCluster.Cluster.Messages;
using HdCluster.Experiments;
using HdCluster.Results;
using HdCluster.Sweeps;
using HdCluster.Training;
using Serilog;
using StackExchange.Redis;

namespace HdCluster.Cluster.Redis;

/// <summary>
/// The cluster's coordinator: publishes submitted sweeps' cells, turns results into Parquet through one aggregator
/// per sweep (the local engine's), acknowledges a result only once its rows are on disk, and claims back the cells
/// of workers whose lease expired. Everything it knows is rebuilt from Redis and the Parquet folders when it
/// starts, so a new coordinator resumes where a killed one stopped. It acts only while it holds the coordinator
/// lock, so a second coordinator waits.
/// </summary>
internal sealed class ClusterCoordinatorActor : Actor
{
    private readonly ClusterConfig config;
    private readonly IDatabase db;
    private readonly ClusterKeys keys;
    private readonly SweepRegistry registry;
    private readonly CellQueue cells;
    private readonly ResultQueue results;
    private readonly Leases leases;
    private readonly ILogger log;
    private readonly string owner;
    private readonly RedisGuard guard;
    private readonly string runId = Guid.NewGuid().ToString("N")[..8];
    private readonly Dictionary<string, SweepRun> runs = [];
    private readonly Dictionary<string, SweepRun> byAggregator = [];

    // Stream entries handed to an aggregator and not yet acknowledged: a backlog read must not hand them over twice.
    private readonly HashSet<string> inFlight = [];

    // Cells written to disk whose acknowledgement Redis did not take (it was down): retried every tick.
    private readonly List<(SweepRun Run, string CellId, string State, List<StreamRef> Carriers)> unsettled = [];
    private bool leading;
    private bool backlogRead;
    private DateTimeOffset nextLeaseCheck;
    private int aggregators;

    /// <param name="owner">Names this process in the coordinator lock; the same across restarts of this actor.</param>
    public ClusterCoordinatorActor(ClusterConfig config, IConnectionMultiplexer redis, string owner, ILogger log)
    {
        this.config = config;
        db = redis.GetDatabase();
        keys = new ClusterKeys(config.KeyPrefix);
        registry = new SweepRegistry(db, keys);
        cells = new CellQueue(db, keys);
        results = new ResultQueue(db, keys);
        leases = new Leases(db, keys, config.LeaseTimeout);
        this.log = log;
        guard = new RedisGuard(config, log, sayWhenBack: true);
        this.owner = owner;
    }

    /// <summary>Sent to itself every poll interval.</summary>
    private sealed record Tick;

    protected override SupervisorStrategy SupervisorStrategy => SupervisorStrategy.Default with
    {
        Decider = _ => SupervisorDirective.Restart,
        MaxRestarts = 5,
        WhenRestartBudgetExhausted = SupervisorDirective.Stop,
    };

    protected override void PreStart() => Self.Tell(new Tick());

    protected override void PostStop()
    {
        foreach (var run in runs.Values)
        {
            run.Dispose();
        }
    }

    protected override async Task ReceiveAsync(object message)
    {
        switch (message)
        {
            case Tick:
                await guard.RunAsync(OnTickAsync).ConfigureAwait(false);
                _ = Task.Delay(config.PollInterval).PipeTo(Self, () => new Tick());
                break;
            case CellPersisted persisted:
                await OnPersistedAsync(Sender, persisted.CellId).ConfigureAwait(false);
                break;
            case PersistenceFailed broken:
                OnPersistenceFailed(Sender, broken);
                break;
            case StopRequested:
                await guard.RunAsync(() => leases.ReleaseCoordinatorLockAsync(owner)).ConfigureAwait(false);
                Sender.Tell(new StopRequested(), Self);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private async Task OnTickAsync()
    {
        if (!await leases.HoldCoordinatorLockAsync(owner).ConfigureAwait(false))
        {
            if (leading || !backlogRead)
            {
                log.Warning("Another coordinator ({Holder}) holds the lock; standing by", await leases.CoordinatorAsync().ConfigureAwait(false));
                backlogRead = true;
            }

            leading = false;
            return;
        }

        if (!leading)
        {
            log.Information("Coordinating as {Owner}: {Config}", owner, config.Describe());
            await results.CreateAsync().ConfigureAwait(false);
            leading = true;
            backlogRead = false;

            // A sweep whose cells were all written before the last coordinator stopped has no result left to bring
            // it back into memory, so it would never be marked finished: load every active sweep now.
            foreach (var name in await registry.ActiveAsync().ConfigureAwait(false))
            {
                await RunOfAsync(name).ConfigureAwait(false);
            }
        }

        await SettleLeftoversAsync().ConfigureAwait(false);

        // After a restart, first what this coordinator's predecessor had read but not finished.
        var backlog = !backlogRead;
        foreach (var entry in await results.ReadSubmissionsAsync(backlog).ConfigureAwait(false))
        {
            await PublishAsync(entry).ConfigureAwait(false);
        }

        await ReadResultsAsync(backlog).ConfigureAwait(false);
        backlogRead = true;
        if (DateTimeOffset.UtcNow >= nextLeaseCheck)
        {
            nextLeaseCheck = DateTimeOffset.UtcNow + config.HeartbeatInterval;
            await ReclaimLostCellsAsync().ConfigureAwait(false);

            // Results whose writing failed earlier are still pending: try them again.
            await ReadResultsAsync(backlog: true).ConfigureAwait(false);
        }

        await FinishSweepsAsync().ConfigureAwait(false);
    }

    // ---- submissions ------------------------------------------------------------------------------------------

    private async Task PublishAsync(StreamEntry entry)
    {
        var reference = results.Submission(entry.Id);
        string? Field(string name) => entry[name] is { IsNullOrEmpty: false } v ? v.ToString() : null;
        if (Field("sweep") is not { } name || Field("definition") is not { } definition || Field("source") is not { } source)
        {
            await results.DeadLetterAsync(reference, entry, "a submission needs sweep, source and definition", log).ConfigureAwait(false);
            return;
        }

        Sweep sweep;
        try
        {
            sweep = SweepFile.Parse(definition, source);
        }
        catch (SweepFileException e)
        {
            await results.DeadLetterAsync(reference, entry, $"the sweep does not load: {e.Message}", log).ConfigureAwait(false);
            return;
        }

        if (sweep.Name != name)
        {
            await results.DeadLetterAsync(reference, entry, $"the definition names sweep '{sweep.Name}', not '{name}'", log).ConfigureAwait(false);
            return;
        }

        var fuse = Field("fuse");
        if (fuse is not null && FuseSetting.TryParse(fuse) is null)
        {
            await results.DeadLetterAsync(reference, entry, $"fuse '{fuse}' is not auto, off or a whole number of at least 1", log).ConfigureAwait(false);
            return;
        }

        var meta = await registry.MetaAsync(name).ConfigureAwait(false);
        if (meta?.Submission != entry.Id.ToString())
        {
            if (meta is { State: SweepMeta.Running })
            {
                await results.DeadLetterAsync(reference, entry, $"sweep '{name}' is already running (submission {meta.Submission})", log).ConfigureAwait(false);
                return;
            }

            // A new run of the sweep: start its Redis state afresh. Parquet keeps what earlier runs finished.
            Forget(name);
            await db.KeyDeleteAsync(keys.OfSweep(name)).ConfigureAwait(false);
            var folder = Path.GetFullPath(Path.Combine(config.ResultsRoot, name));
            meta = new SweepMeta(name, SweepMeta.Running, entry.Id.ToString(), definition, source, sweep.Cells.Count, folder, DateTimeOffset.UtcNow, null, fuse);
            await db.HashSetAsync(keys.Meta(name), meta.ToHash()).ConfigureAwait(false);
            await db.SetAddAsync(keys.Sweeps, name).ConfigureAwait(false);
            await cells.CreateAsync(name).ConfigureAwait(false);
        }

        if (await RunOfAsync(name).ConfigureAwait(false) is not { } run)
        {
            return;
        }

        var queued = 0;
        foreach (var cell in sweep.Cells)
        {
            if (run.Settled.TryGetValue(cell.Id, out var state))
            {
                await db.HashSetAsync(keys.Status(name), cell.Id, state).ConfigureAwait(false);
            }
            else if (await cells.PublishOnceAsync(new CellTicket(name, cell.Id, 1, meta.Submission)).ConfigureAwait(false))
            {
                queued++;
            }
        }

        await db.SetAddAsync(keys.Active, name).ConfigureAwait(false);
        await results.AcknowledgeAsync(reference).ConfigureAwait(false);
        log.Information("Sweep {Sweep} submitted: {Total} cells, {Done} already in {Folder}, {Queued} queued", name, sweep.Cells.Count, run.Settled.Count, meta.ResultsFolder, queued);
    }

    /// <summary>The sweep's working copy, loaded from Redis and its Parquet folder on first use; null when Redis has no such sweep.</summary>
    private async Task<SweepRun?> RunOfAsync(string name)
    {
        var meta = await registry.MetaAsync(name).ConfigureAwait(false);
        if (meta is null)
        {
            return null;
        }

        if (runs.TryGetValue(name, out var known) && known.Submission == meta.Submission)
        {
            return known;
        }

        Forget(name);
        var sweep = SweepRegistry.Parse(meta);
        var store = new ResultsStore(meta.ResultsFolder);
        var settled = new Dictionary<string, string>();
        if (store.CompletedCellIds().Count > 0)
        {
            foreach (var row in store.Query("SELECT cell_id, status FROM cells WHERE status IN ('completed', 'diverged')").Rows)
            {
                settled[(string)row[0]!] = (string)row[1]!;
            }
        }

        // A cell that failed for good in this run of the sweep has its row too, but counts as settled only here:
        // the next submission tries it again.
        foreach (var (cell, state) in await registry.CellStatesAsync(name).ConfigureAwait(false))
        {
            if (state == "failed")
            {
                settled[cell] = state;
            }
        }

        var aggregator = Context.ActorOf(Props.Create(() => new AggregatorActor(name, store, runId, log.ForContext("Sweep", name))), $"aggregator-{++aggregators}-{name}");
        var run = new SweepRun(meta, sweep, store, aggregator, settled);
        runs[name] = run;
        byAggregator[aggregator.Name] = run;
        return run;
    }

    private void Forget(string name)
    {
        if (runs.Remove(name, out var old))
        {
            byAggregator.Remove(old.Aggregator.Name);
            Context.Stop(old.Aggregator);
            old.Dispose();
        }
    }

    // ---- results ----------------------------------------------------------------------------------------------

    private async Task ReadResultsAsync(bool backlog)
    {
        foreach (var entry in await results.ReadResultsAsync(32, backlog).ConfigureAwait(false))
        {
            var reference = results.Result(entry.Id);
            if (!inFlight.Contains(Key(reference)))
            {
                await AcceptAsync(entry, reference).ConfigureAwait(false);
            }
        }
    }

    private async Task AcceptAsync(StreamEntry entry, StreamRef reference)
    {
        if (CellOutcome.TryRead(entry, out var problem) is not { } outcome)
        {
            await results.DeadLetterAsync(reference, entry, problem, log).ConfigureAwait(false);
            return;
        }

        var ticket = outcome.Ticket;
        if (await RunOfAsync(ticket.Sweep).ConfigureAwait(false) is not { } run)
        {
            await results.DeadLetterAsync(reference, entry, $"no sweep '{ticket.Sweep}' on this cluster", log).ConfigureAwait(false);
            return;
        }

        if (!run.Cells.TryGetValue(ticket.CellId, out var cell))
        {
            await results.DeadLetterAsync(reference, entry, $"sweep '{ticket.Sweep}' has no cell '{ticket.CellId}'", log).ConfigureAwait(false);
            return;
        }

        if (run.Settled.ContainsKey(cell.Id))
        {
            log.Information("Cell {CellId} of {Sweep} is already written; the result from {Worker} is a duplicate and is dropped", cell.Id, run.Name, outcome.Worker);
            await results.AcknowledgeAsync(reference).ConfigureAwait(false);
            return;
        }

        if (run.Writing.TryGetValue(cell.Id, out var writing))
        {
            // A second result for a cell being written (a worker thought lost came back): acknowledged with the first.
            writing.Carriers.Add(reference);
            inFlight.Add(Key(reference));
            return;
        }

        switch (outcome.Kind)
        {
            case OutcomeKind.Trained when outcome.Result!.Status != CellStatus.Cancelled:
                var state = outcome.Result.Status.ToString().ToLowerInvariant();
                Write(run, cell.Id, state, [reference]);
                run.Aggregator.Tell(new CellCompleted(outcome.Worker, cell, ticket.Attempt, outcome.Result, outcome.Records!, outcome.Device, outcome.Host, outcome.Group), Self);
                log.Information("Cell {CellId} of {Sweep} {State} on {Worker} (attempt {Attempt}): valid loss {ValidLoss:F4}", cell.Id, run.Name, state, outcome.Worker, ticket.Attempt, outcome.Result.FinalValidLoss);
                break;
            case OutcomeKind.Error when ticket.Attempt >= config.MaxAttempts:
                log.Error("Cell {CellId} of {Sweep} failed {Attempts} times; giving up: {Error}", cell.Id, run.Name, ticket.Attempt, outcome.Error);
                Write(run, cell.Id, "failed", [reference]);
                run.Aggregator.Tell(new CellAbandoned(cell, ticket.Attempt, outcome.Error ?? "unknown error", outcome.Device), Self);
                break;
            case OutcomeKind.Error:
                await RequeueUnlessTakenAsync(run, outcome, ticket with { Attempt = ticket.Attempt + 1 }, reference).ConfigureAwait(false);
                log.Warning("Cell {CellId} of {Sweep} attempt {Attempt} failed on {Worker}: {Error}; retrying", cell.Id, run.Name, ticket.Attempt, outcome.Worker, outcome.Error);
                break;
            default:
                // Released (the worker stopped): the same attempt again, unless the sweep was cancelled.
                if (await registry.StateAsync(run.Name).ConfigureAwait(false) == SweepMeta.Running)
                {
                    await RequeueUnlessTakenAsync(run, outcome, ticket, reference).ConfigureAwait(false);
                }
                else
                {
                    await results.AcknowledgeAsync(reference).ConfigureAwait(false);
                }

                break;
        }
    }

    // A worker thought lost may report a cell that was already put back in the queue: then it is queued already.
    private async Task RequeueUnlessTakenAsync(SweepRun run, CellOutcome outcome, CellTicket next, StreamRef reference)
    {
        var running = await db.HashGetAsync(keys.Running(run.Name), next.CellId).ConfigureAwait(false);
        var holder = running.IsNull ? null : RunningCellEntry.Parse(next.CellId, running.ToString()).Worker;
        if (holder == outcome.Worker)
        {
            await cells.RequeueAsync(next, [reference]).ConfigureAwait(false);
        }
        else
        {
            await results.AcknowledgeAsync(reference).ConfigureAwait(false);
        }
    }

    private void Write(SweepRun run, string cellId, string state, List<StreamRef> carriers)
    {
        run.Writing[cellId] = (state, carriers);
        foreach (var c in carriers)
        {
            inFlight.Add(Key(c));
        }
    }

    private async Task OnPersistedAsync(ActorRef aggregator, string cellId)
    {
        if (!byAggregator.TryGetValue(aggregator.Name, out var run) || !run.Writing.Remove(cellId, out var written))
        {
            return;
        }

        run.Settled[cellId] = written.State;
        log.Information("Cell {CellId} of {Sweep} is written ({State})", cellId, run.Name, written.State);
        try
        {
            await cells.SettleAsync(run.Name, cellId, written.State, written.Carriers).ConfigureAwait(false);
            Release(written.Carriers);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            log.Warning("Cell {CellId} of {Sweep} is written, but Redis did not take the acknowledgement yet: {Problem}", cellId, run.Name, config.Mask(e.Message));
            unsettled.Add((run, cellId, written.State, written.Carriers));
        }

        await guard.RunAsync(FinishSweepsAsync).ConfigureAwait(false);
    }

    private void OnPersistenceFailed(ActorRef aggregator, PersistenceFailed broken)
    {
        if (byAggregator.TryGetValue(aggregator.Name, out var run) && run.Writing.Remove(broken.CellId, out var written))
        {
            // Left unacknowledged: the backlog read hands the result over again at the next lease check.
            log.Error("Cannot write the results of cell {CellId} of {Sweep}: {Error}; trying again shortly", broken.CellId, run.Name, broken.Error);
            Release(written.Carriers);
        }
    }

    private async Task SettleLeftoversAsync()
    {
        while (unsettled.Count > 0)
        {
            var (run, cellId, state, carriers) = unsettled[0];
            await cells.SettleAsync(run.Name, cellId, state, carriers).ConfigureAwait(false);
            Release(carriers);
            unsettled.RemoveAt(0);
        }
    }

    private void Release(IEnumerable<StreamRef> carriers)
    {
        foreach (var c in carriers)
        {
            inFlight.Remove(Key(c));
        }
    }

    private static string Key(StreamRef r) => $"{r.Stream}/{r.Id}";

    // ---- lost workers -----------------------------------------------------------------------------------------

    private async Task ReclaimLostCellsAsync()
    {
        var holders = new HashSet<string>();
        foreach (var name in await registry.ActiveAsync().ConfigureAwait(false))
        {
            foreach (var (consumer, _) in await cells.HoldersAsync(name).ConfigureAwait(false))
            {
                holders.Add(consumer);
                var ours = consumer == ClusterKeys.CoordinatorConsumer;
                if (!ours && await leases.AliveAsync(consumer).ConfigureAwait(false))
                {
                    continue;
                }

                // Our own entries are cells claimed earlier whose requeue a crash interrupted.
                foreach (var entry in await cells.ClaimAsync(name, consumer, ours ? TimeSpan.Zero : config.LeaseTimeout).ConfigureAwait(false))
                {
                    await ReclaimAsync(name, consumer, entry, ours).ConfigureAwait(false);
                }
            }
        }

        foreach (var (slot, _) in await leases.WorkersAsync().ConfigureAwait(false))
        {
            if (!holders.Contains(slot) && !await leases.AliveAsync(slot).ConfigureAwait(false))
            {
                log.Information("Worker {Worker} is gone (no heartbeat for {Seconds} s) and held no cells", slot, config.LeaseTimeout.TotalSeconds);
                await leases.ForgetAsync(slot).ConfigureAwait(false);
            }
        }
    }

    private async Task ReclaimAsync(string sweep, string consumer, StreamEntry entry, bool ours)
    {
        var reference = cells.Ref(sweep, entry.Id);
        if (inFlight.Contains(Key(reference)))
        {
            return;
        }

        if (CellTicket.TryRead(entry, out var problem) is not { } ticket || await RunOfAsync(ticket.Sweep).ConfigureAwait(false) is not { } run
            || !run.Cells.TryGetValue(ticket.CellId, out var cell))
        {
            await results.DeadLetterAsync(reference, entry, problem.Length > 0 ? problem : "a cell this sweep does not have", log).ConfigureAwait(false);
            return;
        }

        if (run.Settled.ContainsKey(cell.Id) || run.Writing.ContainsKey(cell.Id))
        {
            await results.AcknowledgeAsync(reference).ConfigureAwait(false);
            return;
        }

        // A cell taken by a worker that vanished is an attempt spent: it may be what kills workers.
        var attempt = ours ? ticket.Attempt : ticket.Attempt + 1;
        if (attempt > config.MaxAttempts)
        {
            log.Error("Cell {CellId} of {Sweep} was lost with its worker {Attempts} times; giving up", cell.Id, sweep, ticket.Attempt);
            Write(run, cell.Id, "failed", [reference]);
            run.Aggregator.Tell(new CellAbandoned(cell, ticket.Attempt, $"its worker was lost {ticket.Attempt} times", "-"), Self);
            return;
        }

        if (!ours)
        {
            log.Warning("Worker {Worker} lost (no heartbeat for {Seconds} s): cell {CellId} of {Sweep} goes back to the queue as attempt {Attempt}", consumer, config.LeaseTimeout.TotalSeconds, cell.Id, sweep, attempt);
        }

        await cells.RequeueAsync(ticket with { Attempt = attempt }, [reference]).ConfigureAwait(false);
    }

    // ---- finishing --------------------------------------------------------------------------------------------

    private async Task FinishSweepsAsync()
    {
        foreach (var run in runs.Values.Where(r => r.Done && !r.Closed).ToList())
        {
            if (await registry.StateAsync(run.Name).ConfigureAwait(false) != SweepMeta.Running)
            {
                run.Closed = true;
                continue;
            }

            // Compacted before the sweep reads as finished, so whoever waits for that finds the files settled.
            try
            {
                run.Store.Compact();
            }
            catch (Exception e) when (e is ResultsStoreException or DuckDbException or IOException)
            {
                log.Warning("Compacting the results of {Sweep} failed (the parts stay readable): {Error}", run.Name, e.Message);
            }

            var tx = db.CreateTransaction();
            _ = tx.HashSetAsync(keys.Meta(run.Name), [new("state", SweepMeta.Finished), new("finished_at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())]);
            _ = tx.SetRemoveAsync(keys.Active, run.Name);
            _ = tx.KeyDeleteAsync([keys.Cells(run.Name), keys.Running(run.Name)]);
            await tx.ExecuteAsync().ConfigureAwait(false);
            run.Closed = true;
            var counts = run.Settled.Values.GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
            log.Information(
                "Sweep {Sweep} finished: {Completed} completed, {Diverged} diverged, {Failed} failed; results in {Folder}",
                run.Name,
                counts.GetValueOrDefault("completed"),
                counts.GetValueOrDefault("diverged"),
                counts.GetValueOrDefault("failed"),
                run.Meta.ResultsFolder);
        }
    }
}
