using HdCluster.Actors;
using HdCluster.Cluster.Local;
using HdCluster.Cluster.Messages;
using HdCluster.Sweeps;
using HdCluster.Torch;
using HdCluster.Training;
using Serilog;
using StackExchange.Redis;

namespace HdCluster.Cluster.Redis;

/// <summary>
/// One worker slot on one device: takes cells from the sweeps' streams in turn (round-robin, so every running
/// sweep gets its share), trains each on a dedicated thread, renews its lease every heartbeat meanwhile, and hands
/// the outcome over (result on <c>hdc:results</c> and the cell acknowledged, in one transaction). A stop request
/// cancels the cell in hand, which is handed back to run again elsewhere.
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
    private readonly Dictionary<string, (string Submission, IReadOnlyDictionary<string, SweepCell> Cells)> definitions = [];
    private Job? current;
    private (RedisValue Entry, CellOutcome Outcome)? undelivered;
    private int rotation;
    private DateTimeOffset nextRenewal;
    private string? lastProblem;
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
    }

    private sealed record Job(CellTicket Ticket, RedisValue Entry, SweepCell Cell, CancellationTokenSource Cancel);

    private sealed record Tick;

    private sealed record TrainingEnded(Job Job, CellResult Result, CellRecords Records);

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
                await GuardAsync(OnTickAsync).ConfigureAwait(false);
                if (!ReplyIfStopped())
                {
                    _ = Task.Delay(config.PollInterval).PipeTo(Self, () => new Tick());
                }

                break;
            case Tick:
                break;
            case TrainingEnded ended:
                current = null;
                var kind = ended.Result.Status == CellStatus.Cancelled ? OutcomeKind.Released : OutcomeKind.Trained;
                undelivered = (ended.Job.Entry, Outcome(ended.Job, kind, ended.Result, ended.Records, null));
                await GuardAsync(DeliverAsync).ConfigureAwait(false);
                ReplyIfStopped();
                break;
            case TrainingThrew threw:
                current = null;
                var error = threw.Error switch
                {
                    TorchException or ArgumentException or IOException or InvalidDataException => threw.Error.Message,
                    _ => $"{threw.Error.GetType().Name}: {threw.Error.Message}",
                };
                log.Warning("Cell {CellId} of {Sweep} failed: {Error}", threw.Job.Ticket.CellId, threw.Job.Ticket.Sweep, error);
                undelivered = (threw.Job.Entry, Outcome(threw.Job, OutcomeKind.Error, null, null, error));
                await GuardAsync(DeliverAsync).ConfigureAwait(false);
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

        if (stopReplyTo is null || current != null || undelivered != null)
        {
            return false;
        }

        stopped = true;
        stopReplyTo.Tell(new SlotStopped(slot), Self);
        return true;
    }

    private async Task GuardAsync(Func<Task> step)
    {
        try
        {
            await step().ConfigureAwait(false);
            lastProblem = null;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            var problem = config.Mask(e.Message.Split('\n')[0]);
            if (problem != lastProblem)
            {
                log.Warning("Redis call failed, retrying: {Problem}", problem);
                lastProblem = problem;
            }
        }
    }

    private async Task OnTickAsync()
    {
        if (DateTimeOffset.UtcNow >= nextRenewal)
        {
            await leases.RenewAsync(slot, current is { } job ? $"{job.Ticket.Sweep}/{job.Ticket.CellId}" : "idle", description).ConfigureAwait(false);
            nextRenewal = DateTimeOffset.UtcNow + config.HeartbeatInterval;
            if (current is { Cancel.IsCancellationRequested: false } running && await registry.StateAsync(running.Ticket.Sweep).ConfigureAwait(false) != SweepMeta.Running)
            {
                log.Information("Sweep {Sweep} is no longer running; dropping cell {CellId}", running.Ticket.Sweep, running.Ticket.CellId);
                running.Cancel.Cancel();
            }
        }

        if (undelivered != null)
        {
            await DeliverAsync().ConfigureAwait(false);
        }

        if (current is null && undelivered is null && stopReplyTo is null)
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
            var reference = cells.Ref(sweep, entry.Id);
            if (CellTicket.TryRead(entry, out var problem) is not { } ticket)
            {
                await deadLetters.DeadLetterAsync(reference, entry, problem, log).ConfigureAwait(false);
                return;
            }

            if (await CellOfAsync(ticket).ConfigureAwait(false) is not { } cell)
            {
                await deadLetters.DeadLetterAsync(reference, entry, $"sweep '{ticket.Sweep}' has no cell '{ticket.CellId}'", log).ConfigureAwait(false);
                return;
            }

            await cells.MarkTakenAsync(ticket, slot).ConfigureAwait(false);
            await leases.RenewAsync(slot, $"{ticket.Sweep}/{ticket.CellId}", description).ConfigureAwait(false);
            Start(new Job(ticket, entry.Id, cell, new CancellationTokenSource()));
            return;
        }
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
                known = (meta.Submission, SweepRegistry.Parse(meta).Cells.ToDictionary(c => c.Id));
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
        log.Information("Cell {CellId} of {Sweep} (attempt {Attempt}: {Description}) starts on {Device}", job.Ticket.CellId, job.Ticket.Sweep, job.Ticket.Attempt, CoordinatorActor.Describe(job.Cell), device);
        var config = job.Cell.Config with { Device = device };
        var token = job.Cancel.Token;
        var training = Task.Factory.StartNew(
            () =>
            {
                var sink = new RecordingSink(_ => { }, _ => { });
                var result = new CellTrainer(config, dataRoot, sink).Run(token);
                return new TrainingEnded(job, result, sink.Records);
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        training.PipeTo(Self, Self, success: ended => ended, failure: error => new TrainingThrew(job, error));
    }

    private CellOutcome Outcome(Job job, OutcomeKind kind, CellResult? result, CellRecords? records, string? error) =>
        new(job.Ticket, kind, slot, Environment.MachineName, device, result, records, error);

    private async Task DeliverAsync()
    {
        if (undelivered is not { } pending)
        {
            return;
        }

        await cells.HandOverAsync(pending.Entry, pending.Outcome).ConfigureAwait(false);
        undelivered = null;
        await leases.RenewAsync(slot, "idle", description).ConfigureAwait(false);
        var outcome = pending.Outcome;
        log.Information("Cell {CellId} of {Sweep} handed over: {Kind}{Status}", outcome.Ticket.CellId, outcome.Ticket.Sweep, outcome.Kind, outcome.Result is { } r ? $" ({r.Status.ToString().ToLowerInvariant()}, {r.WallSeconds:F1} s)" : "");
    }
}
