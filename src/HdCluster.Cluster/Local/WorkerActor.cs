using HdCluster.Actors;
using HdCluster.Cluster.Messages;
using HdCluster.Data;
using HdCluster.Torch;
using HdCluster.Training;

namespace HdCluster.Cluster.Local;

/// <summary>
/// Trains the cells its coordinator assigns, one at a time, on one device slot. Training runs on a
/// dedicated thread and its outcome comes back as a message, so the worker's mailbox stays responsive
/// (a stop request cancels the run in flight).
/// </summary>
internal sealed class WorkerActor(ActorRef coordinator, string device, string dataRoot) : Actor
{
    private CancellationTokenSource? running;
    private CellAssigned? current;

    private sealed record TrainingEnded(CellAssigned Assignment, CellResult Result, CellRecords Records);

    private sealed record TrainingThrew(CellAssigned Assignment, Exception Error);

    protected override void PreStart() => coordinator.Tell(new WorkerIdle(Self), Self);

    protected override void PreRestart(Exception cause, object? message)
    {
        // A crash of the worker itself (not of training, which arrives as a message) loses the cell in hand:
        // hand it back so the coordinator can retry it.
        running?.Cancel();
        if (current is { } lost)
        {
            coordinator.Tell(new CellFailed(Self.Name, lost.Cell, lost.Attempt, $"worker crashed: {cause.Message}", device), Self);
        }

        base.PreRestart(cause, message);
    }

    protected override Task ReceiveAsync(object message)
    {
        switch (message)
        {
            case CellAssigned assigned:
                Start(assigned);
                break;
            case TrainingEnded ended:
                current = null;
                coordinator.Tell(new CellCompleted(Self.Name, ended.Assignment.Cell, ended.Assignment.Attempt, ended.Result, ended.Records, device), Self);
                coordinator.Tell(new WorkerIdle(Self), Self);
                break;
            case TrainingThrew { Error: DataFileException unreadable } threw:
                current = null;
                coordinator.Tell(new DataUnavailable(Self.Name, threw.Assignment.Cell, unreadable.Message), Self);
                coordinator.Tell(new WorkerIdle(Self), Self);
                break;
            case TrainingThrew threw:
                current = null;
                coordinator.Tell(new CellFailed(Self.Name, threw.Assignment.Cell, threw.Assignment.Attempt, Describe(threw.Error), device), Self);
                coordinator.Tell(new WorkerIdle(Self), Self);
                break;
            case StopRequested:
                running?.Cancel();
                break;
            default:
                Unhandled(message);
                break;
        }

        return Task.CompletedTask;
    }

    private void Start(CellAssigned assigned)
    {
        current = assigned;
        running = new CancellationTokenSource();
        var token = running.Token;
        var self = Self;
        var name = Self.Name;
        var cellId = assigned.Cell.Id;
        var config = assigned.Cell.Config with { Device = device };
        var training = Task.Factory.StartNew(
            () =>
            {
                var sink = new RecordingSink(
                    step => coordinator.Tell(new CellProgressed(name, cellId, step.Epoch, step.Step, step.Loss), self),
                    epoch => coordinator.Tell(new CellProgressed(name, cellId, epoch.Epoch, epoch.Step, epoch.TrainLoss), self));
                var result = new CellTrainer(config, dataRoot, sink).Run(token);

                // The trainer reports a spent wall_seconds budget as Cancelled too; only a stop request makes a
                // cell unfinished, and a budget run to its end is a finished cell.
                if (result.Status == CellStatus.Cancelled && !token.IsCancellationRequested)
                {
                    result = result with { Status = CellStatus.Completed };
                }

                return new TrainingEnded(assigned, result, sink.Records);
            },
            token,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        training.PipeTo(self, self, success: ended => ended, failure: error => new TrainingThrew(assigned, error));
    }

    private static string Describe(Exception e) => e switch
    {
        TorchException or ArgumentException or IOException or InvalidDataException => e.Message,
        _ => $"{e.GetType().Name}: {e.Message}",
    };

    protected override void PostStop() => running?.Cancel();
}
