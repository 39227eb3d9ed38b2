using Akka.Actor;
using HdCluster.Experiments;
using HdCluster.Data;
using HdCluster.Engine.Aggregation;
using HdCluster.Engine.Coordination;
using HdCluster.Training;
using Serilog;

namespace HdCluster.Engine.Workers;

/// <summary>
/// One device slot. Pulls work from its coordinator when idle (never handed work it did not ask for), trains it on
/// a dedicated thread (a cell alone, resuming from its epoch checkpoint if an earlier attempt left one, or a fused
/// group) and reports how it ended. A trained cell's result is sent again until the aggregator acknowledges it, so a
/// lost message costs a resend, never a cell; meanwhile the slot already asks for its next work.
/// </summary>
public sealed class WorkerSlot : ReceiveActor, IWithTimers
{
    private const string AskAgain = "ask-again";
    private const string Resend = "resend";

    private readonly IActorRef coordinator;
    private readonly WorkerSlotSettings settings;
    private readonly ILogger log;
    private readonly Dictionary<(string Sweep, string CellId), CellTrained> unacknowledged = [];
    private CancellationTokenSource? training;
    private WorkOffered? current;
    private long offersReceived;

    public WorkerSlot(IActorRef coordinator, WorkerSlotSettings settings, ILogger log)
    {
        this.coordinator = coordinator;
        this.settings = settings;
        this.log = log.ForContext("Worker", settings.Name);
        Receive<WorkOffered>(Start);
        Receive<TrainingEnded>(OnTrainingEnded);
        Receive<TrainingThrew>(OnTrainingThrew);
        Receive<WorkCancelled>(cancelled =>
        {
            if (current?.Sweep == cancelled.Sweep)
            {
                training?.Cancel();
            }
        });
        Receive<CellWritten>(written => unacknowledged.Remove((written.Sweep, written.CellId)));
        Receive<CellWriteFailed>(failed => unacknowledged.Remove((failed.Sweep, failed.CellId)));
        Receive<ResendDue>(_ =>
        {
            foreach (var result in unacknowledged.Values)
            {
                coordinator.Tell(result);
            }
        });
        Receive<AskAgainDue>(_ =>
        {
            if (current is null)
            {
                RequestWork();
            }
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        RequestWork();
        Timers.StartPeriodicTimer(AskAgain, AskAgainDue.Instance, settings.ResendInterval);
        Timers.StartPeriodicTimer(Resend, ResendDue.Instance, settings.ResendInterval);
    }

    // A crash of the slot itself (not of training, which arrives as a message) loses the work in hand: give it
    // back as failed so that the coordinator retries it.
    protected override void PreRestart(Exception reason, object message)
    {
        training?.Cancel();
        if (current is { } lost)
        {
            coordinator.Tell(new WorkFailed(lost.Sweep, lost.Cells.Select(c => c.Id).ToList(), lost.GroupId, lost.Attempt, $"worker crashed: {reason.Message}", settings.Name, settings.Device));
        }

        base.PreRestart(reason, message);
    }

    protected override void PostStop() => training?.Cancel();

    private void RequestWork() => coordinator.Tell(new WorkRequested(settings.Name, settings.Device, settings.Host, offersReceived));

    private void Start(WorkOffered work)
    {
        offersReceived++;
        if (current is not null)
        {
            // Pulling makes this a coordinator's mistake; the work goes back unharmed.
            log.Warning("Offered work of sweep {Sweep} while busy; giving it back", work.Sweep);
            coordinator.Tell(new WorkStopped(work.Sweep, work.Cells.Select(c => c.Id).ToList(), settings.Name));
            return;
        }

        current = work;
        training = new CancellationTokenSource();
        var token = training.Token;
        var fused = work.GroupId is not null;
        var configs = work.Cells.Select(c => c.Config with { Device = settings.Device }).ToList();
        var label = work.GroupId ?? work.Cells[0].Id;
        string? checkpoint = null;
        string? records = null;
        if (!fused)
        {
            var folder = CheckpointFolder.OfCell(work.CheckpointFolder, work.Cells[0].Id);
            checkpoint = CheckpointFolder.Model(folder);
            records = CheckpointFolder.Records(folder);
        }

        // One progress line per piece of work: the (first) cell's records, under the group's id when fused.
        var self = Self;
        var name = settings.Name;
        var sinks = work.Cells.Select((_, k) => k == 0
            ? new RecordingSink(
                step => coordinator.Tell(new CellProgressed(name, label, step.Epoch, step.Step, step.Loss), self),
                epoch => coordinator.Tell(new CellProgressed(name, label, epoch.Epoch, epoch.Step, epoch.TrainLoss), self),
                records)
            : new RecordingSink(_ => { }, _ => { })).ToList();
        var beforeGroup = settings.BeforeGroupTrains;
        var dataRoot = settings.DataRoot;
        Task.Factory.StartNew(
            () =>
            {
                if (work.GroupId is { } group)
                {
                    beforeGroup?.Invoke(group);
                }

                var results = SlotTraining.Run(configs, fused, dataRoot, sinks, checkpoint, token);
                return new TrainingEnded(work, results, sinks.Select(s => s.Records).ToList(), sinks[0].ResumedAfterEpoch);
            },
            token,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)
            .PipeTo(self, self, ended => ended, error => new TrainingThrew(work, error));
    }

    private void OnTrainingEnded(TrainingEnded ended)
    {
        var work = ended.Work;
        current = null;
        if (ended.ResumedAfterEpoch is { } epoch)
        {
            log.Information("Cell {CellId} attempt {Attempt} resumed from its checkpoint after epoch {Epoch}", work.Cells[0].Id, work.Attempt, epoch);
        }

        var stopped = new List<string>();
        for (var k = 0; k < work.Cells.Count; k++)
        {
            var result = ended.Results[k];
            if (result.Status == CellStatus.Cancelled)
            {
                stopped.Add(work.Cells[k].Id);
                continue;
            }

            var trained = new CellTrained(work.Sweep, work.Cells[k], work.Attempt, result, ended.Records[k], settings.Name, settings.Device, settings.Host, work.GroupId);
            unacknowledged[(work.Sweep, work.Cells[k].Id)] = trained;
            coordinator.Tell(trained);
        }

        if (stopped.Count > 0)
        {
            coordinator.Tell(new WorkStopped(work.Sweep, stopped, settings.Name));
        }

        RequestWork();
    }

    private void OnTrainingThrew(TrainingThrew threw)
    {
        var work = threw.Work;
        current = null;
        var ids = work.Cells.Select(c => c.Id).ToList();
        var error = threw.Error is AggregateException { InnerExceptions.Count: 1 } wrapped ? wrapped.InnerExceptions[0] : threw.Error;
        if (error is DataFileException unreadable)
        {
            coordinator.Tell(new DataUnavailable(work.Sweep, ids, unreadable.Message, settings.Name));
        }
        else if (error is OperationCanceledException)
        {
            coordinator.Tell(new WorkStopped(work.Sweep, ids, settings.Name));
        }
        else
        {
            coordinator.Tell(new WorkFailed(work.Sweep, ids, work.GroupId, work.Attempt, SlotTraining.Describe(error), settings.Name, settings.Device));
        }

        RequestWork();
    }

    private sealed record TrainingEnded(WorkOffered Work, IReadOnlyList<CellResult> Results, IReadOnlyList<CellRecords> Records, int? ResumedAfterEpoch);

    private sealed record TrainingThrew(WorkOffered Work, Exception Error);

    private sealed class ResendDue
    {
        public static readonly ResendDue Instance = new();
    }

    private sealed class AskAgainDue
    {
        public static readonly AskAgainDue Instance = new();
    }
}
