using HdCluster.Actors;
using HdCluster.Engine.Workers;
using HdCluster.Cluster.Messages;
using HdCluster.Experiments;
using HdCluster.Sweeps;
using HdCluster.Training;
using HdCluster.Training.Fused;
using Serilog;
using StackExchange.Redis;

namespace HdCluster.Cluster.Redis;

/// <summary>
/// One worker slot on one device: takes cells from the sweeps' streams in turn (round-robin, so every running
/// sweep gets its share), trains them on a dedicated thread, renews its lease every heartbeat meanwhile, and hands
/// each cell's outcome over (result on <c>hdc:results</c> and the cell acknowledged, in one transaction). Where the
/// sweep's fuse setting allows, it takes several compatible cells at once, no more than its fair share of what
/// waits among the idle workers, and trains them as one fused group; a cell on a second attempt trains alone. A
/// stop request cancels the work in hand, which is handed back to run again elsewhere.
/// </summary>
internal sealed class ClusterWorkerActor : Actor
{
    private readonly ClusterConfig config;
    private readonly string slot;
    private readonly string device;
    private readonly string dataRoot;
    private readonly string description;
    private readonly SweepRegistry registry;
    private readonly CellQueue cells;
    private readonly ResultQueue deadLetters;
    private readonly Leases leases;
    private readonly ILogger log;
    private readonly RedisGuard guard;
    private readonly FusionPlanner planner = new();
    private readonly Dictionary<string, (string Submission, Sweep Sweep, IReadOnlyDictionary<string, SweepCell> Cells)> definitions = [];
    private readonly Queue<(RedisValue Entry, CellOutcome Outcome)> undelivered = new();
    private Job? current;
    private int rotation;
    private DateTimeOffset nextRenewal;
    private ActorRef? stopReplyTo;
    private bool stopped;

    /// <param name="description">How <c>hdc status</c> shows the slot: device, host, process, since when.</param>
    public ClusterWorkerActor(ClusterConfig config, IConnectionMultiplexer redis, string slot, string device, string description, string dataRoot, ILogger log)
    {
        this.description = description;
        this.config = config;
        this.slot = slot;
        this.device = device;
        this.dataRoot = dataRoot;
        var db = redis.GetDatabase();
        var keys = new ClusterKeys(config.KeyPrefix);
        registry = new SweepRegistry(db, keys);
        cells = new CellQueue(db, keys);
        deadLetters = new ResultQueue(db, keys);
        leases = new Leases(db, keys, config.LeaseTimeout);
        this.log = log.ForContext("Worker", slot);
        guard = new RedisGuard(config, this.log, sayWhenBack: false);
    }

    private sealed record TakenCell(CellTicket Ticket, RedisValue Entry, SweepCell Cell);

    // A cell alone, or a fused group of cells of one sweep.
    private sealed record Job(IReadOnlyList<TakenCell> Cells, SweepCellGroup? Group, CancellationTokenSource Cancel)
    {
        public string Sweep => Cells[0].Ticket.Sweep;

        public string Doing => Group is { } g ? $"{Sweep}/{g.Id} ({Cells.Count} cells)" : $"{Sweep}/{Cells[0].Ticket.CellId}";
    }

    private sealed record Tick;

    private sealed record TrainingEnded(Job Job, IReadOnlyList<CellResult> Results, IReadOnlyList<CellRecords> Records);

    private sealed record TrainingThrew(Job Job, Exception Error);

    /// <summary>Reply to <see cref="StopRequested"/>: nothing of this slot is in flight any more.</summary>
    public sealed record SlotStopped(string Slot);

    protected override void PreStart() => Self.Tell(new Tick());

    protected override void PostStop() => current?.Cancel.Cancel();

    protected override async Task ReceiveAsync(object message)
    {
        switch (message)
        {
            case Tick when !stopped:
                await guard.RunAsync(OnTickAsync).ConfigureAwait(false);
                if (!ReplyIfStopped())
                {
                    _ = Task.Delay(config.PollInterval).PipeTo(Self, () => new Tick());
                }

                break;
            case Tick:
                break;
            case TrainingEnded ended:
                current = null;
                for (var k = 0; k < ended.Job.Cells.Count; k++)
                {
                    var kind = ended.Results[k].Status == CellStatus.Cancelled ? OutcomeKind.Released : OutcomeKind.Trained;
                    undelivered.Enqueue((ended.Job.Cells[k].Entry, Outcome(ended.Job, k, kind, ended.Results[k], ended.Records[k], null)));
                }

                await guard.RunAsync(DeliverAsync).ConfigureAwait(false);
                ReplyIfStopped();
                break;
            case TrainingThrew threw:
                current = null;
                var error = SlotTraining.Describe(threw.Error);
                log.Warning("{Doing} failed: {Error}", threw.Job.Doing, error);
                for (var k = 0; k < threw.Job.Cells.Count; k++)
                {
                    undelivered.Enqueue((threw.Job.Cells[k].Entry, Outcome(threw.Job, k, OutcomeKind.Error, null, null, error)));
                }

                await guard.RunAsync(DeliverAsync).ConfigureAwait(false);
                ReplyIfStopped();
                break;
            case StopRequested:
                stopReplyTo = Sender;
                current?.Cancel.Cancel();
                ReplyIfStopped();
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    // Once asked to stop and nothing is in flight: answer once, and stop ticking (no lease renewal after the answer).
    private bool ReplyIfStopped()
    {
        if (stopped)
        {
            return true;
        }

        if (stopReplyTo is null || current != null || undelivered.Count > 0)
        {
            return false;
        }

        stopped = true;
        stopReplyTo.Tell(new SlotStopped(slot), Self);
        return true;
    }

    private async Task OnTickAsync()
    {
        if (DateTimeOffset.UtcNow >= nextRenewal)
        {
            await leases.RenewAsync(slot, current?.Doing ?? "idle", description).ConfigureAwait(false);
            nextRenewal = DateTimeOffset.UtcNow + config.HeartbeatInterval;
            if (current is { Cancel.IsCancellationRequested: false } running && await registry.StateAsync(running.Sweep).ConfigureAwait(false) != SweepMeta.Running)
            {
                log.Information("Sweep {Sweep} is no longer running; dropping {Doing}", running.Sweep, running.Doing);
                running.Cancel.Cancel();
            }
        }

        if (undelivered.Count > 0)
        {
            await DeliverAsync().ConfigureAwait(false);
        }

        if (current is null && undelivered.Count == 0 && stopReplyTo is null)
        {
            await TakeAsync().ConfigureAwait(false);
        }
    }

    private async Task TakeAsync()
    {
        var sweeps = await registry.ActiveAsync().ConfigureAwait(false);
        for (var i = 0; i < sweeps.Count; i++)
        {
            var sweep = sweeps[(rotation + i) % sweeps.Count];
            if (await cells.TakeAsync(sweep, slot).ConfigureAwait(false) is not { } entry)
            {
                continue;
            }

            // Next time, start with the sweep after this one.
            rotation = (rotation + i + 1) % sweeps.Count;
            if (await ReadAsync(sweep, entry).ConfigureAwait(false) is not { } first)
            {
                return;
            }

            var taken = await TakeCompanionsAsync(first).ConfigureAwait(false);
            foreach (var cell in taken)
            {
                await cells.MarkTakenAsync(cell.Ticket, slot).ConfigureAwait(false);
            }

            var group = taken.Count > 1
                ? SweepFusion.Plan(definitions[sweep].Sweep with { Fuse = FuseSetting.AtMost(taken.Count) }, taken.Select(c => c.Cell).ToList(), device: device).Groups.Single()
                : null;
            var job = new Job(taken, group, new CancellationTokenSource());
            await leases.RenewAsync(slot, job.Doing, description).ConfigureAwait(false);
            Start(job);
            return;
        }
    }

    // The cells that train with `first` as one fused group: as many as the sweep's fuse setting allows for its model
    // on this device, and no more than this slot's fair share of the cells waiting among the idle workers, so that a
    // sweep still spreads over every worker. A taken cell that cannot join goes back to the queue as it was.
    private async Task<List<TakenCell>> TakeCompanionsAsync(TakenCell first)
    {
        var taken = new List<TakenCell> { first };
        var sweep = first.Ticket.Sweep;
        var config = first.Cell.Config with { Device = device };
        var cap = first.Ticket.Attempt == 1 ? SweepFusion.MaxGroup(definitions[sweep].Sweep.Fuse, config, DeviceMemory.Free(device)) : 1;
        if (cap == 1)
        {
            return taken;
        }

        var waiting = await cells.WaitingAsync(sweep).ConfigureAwait(false);
        var idleOthers = 0;
        foreach (var other in (await leases.WorkersAsync().ConfigureAwait(false)).Keys.Where(s => s != slot))
        {
            if (await leases.DoingAsync(other).ConfigureAwait(false) == "idle")
            {
                idleOthers++;
            }
        }

        var share = (int)Math.Min(cap, (waiting + 1 + idleOthers) / (idleOthers + 1));
        if (share <= 1)
        {
            return taken;
        }

        foreach (var entry in await cells.TakeManyAsync(sweep, slot, share - 1).ConfigureAwait(false))
        {
            if (await ReadAsync(sweep, entry).ConfigureAwait(false) is not { } next)
            {
                continue;
            }

            if (next.Ticket.Attempt == 1 && planner.Fuses(config, next.Cell.Config with { Device = device }))
            {
                taken.Add(next);
            }
            else
            {
                await cells.RequeueAsync(next.Ticket, [cells.Ref(sweep, entry.Id)]).ConfigureAwait(false);
            }
        }

        return taken;
    }

    // The entry's ticket and cell, or null after dead-lettering an entry that is not a cell of the sweep.
    private async Task<TakenCell?> ReadAsync(string sweep, StreamEntry entry)
    {
        var reference = cells.Ref(sweep, entry.Id);
        if (CellTicket.TryRead(entry, out var problem) is not { } ticket)
        {
            await deadLetters.DeadLetterAsync(reference, entry, problem, log).ConfigureAwait(false);
            return null;
        }

        if (await CellOfAsync(ticket).ConfigureAwait(false) is not { } cell)
        {
            await deadLetters.DeadLetterAsync(reference, entry, $"sweep '{ticket.Sweep}' has no cell '{ticket.CellId}'", log).ConfigureAwait(false);
            return null;
        }

        return new TakenCell(ticket, entry.Id, cell);
    }

    private async Task<SweepCell?> CellOfAsync(CellTicket ticket)
    {
        if (!definitions.TryGetValue(ticket.Sweep, out var known) || known.Submission != ticket.Submission)
        {
            if (await registry.MetaAsync(ticket.Sweep).ConfigureAwait(false) is not { } meta)
            {
                return null;
            }

            try
            {
                var sweep = SweepRegistry.Parse(meta);
                known = (meta.Submission, sweep, sweep.Cells.ToDictionary(c => c.Id));
            }
            catch (SweepFileException e)
            {
                log.Error("Sweep {Sweep} in Redis does not load: {Error}", ticket.Sweep, e.Message);
                return null;
            }

            definitions[ticket.Sweep] = known;
        }

        return known.Cells.GetValueOrDefault(ticket.CellId);
    }

    private void Start(Job job)
    {
        current = job;
        var configs = job.Cells.Select(c => c.Cell.Config with { Device = device }).ToList();
        if (job.Group is { } group)
        {
            log.Information("Fused group {GroupId} of {Sweep}: {Count} cells ({Structure}) start on {Device}: {Cells}", group.Id, job.Sweep, job.Cells.Count, group.Structure, device, job.Cells.Select(c => c.Ticket.CellId));
        }
        else
        {
            var first = job.Cells[0];
            log.Information("Cell {CellId} of {Sweep} (attempt {Attempt}: {Description}) starts on {Device}", first.Ticket.CellId, job.Sweep, first.Ticket.Attempt, HdCluster.Engine.Coordination.SweepCoordinator.Describe(first.Cell), device);
        }

        var token = job.Cancel.Token;
        var training = Task.Factory.StartNew(
            () =>
            {
                var sinks = configs.Select(_ => new RecordingSink(_ => { }, _ => { })).ToList();
                var results = SlotTraining.Run(configs, job.Group is not null, dataRoot, sinks, null, token);
                return new TrainingEnded(job, results, sinks.Select(s => s.Records).ToList());
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        training.PipeTo(Self, Self, success: ended => ended, failure: error => new TrainingThrew(job, error));
    }

    private CellOutcome Outcome(Job job, int k, OutcomeKind kind, CellResult? result, CellRecords? records, string? error) =>
        new(job.Cells[k].Ticket, kind, slot, Environment.MachineName, device, result, records, error, job.Group?.Id);

    // Hands the outcomes over one by one; a Redis failure midway leaves the rest for the next tick.
    private async Task DeliverAsync()
    {
        if (undelivered.Count == 0)
        {
            return;
        }

        while (undelivered.TryPeek(out var pending))
        {
            await cells.HandOverAsync(pending.Entry, pending.Outcome).ConfigureAwait(false);
            undelivered.Dequeue();
            var outcome = pending.Outcome;
            log.Information("Cell {CellId} of {Sweep} handed over: {Kind}{Status}", outcome.Ticket.CellId, outcome.Ticket.Sweep, outcome.Kind, outcome.Result is { } r ? $" ({r.Status.ToString().ToLowerInvariant()}, {r.WallSeconds:F1} s)" : "");
        }

        await leases.RenewAsync(slot, "idle", description).ConfigureAwait(false);
    }
}
