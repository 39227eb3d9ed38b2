using HdCluster.Actors;
using HdCluster.Cluster.Messages;
using HdCluster.Data;
using HdCluster.Sweeps;
using HdCluster.Torch;
using HdCluster.Training;
using HdCluster.Training.Fused;

namespace HdCluster.Cluster.Local;

/// <summary>
/// Trains what its coordinator assigns, one assignment at a time, on one device slot: a cell alone, or a fused
/// group of cells as one batched model. Training runs on a dedicated thread and its outcome comes back as a
/// message, so the worker's mailbox stays responsive (a stop request cancels the run in flight).
/// </summary>
internal sealed class WorkerActor(ActorRef coordinator, string device, string dataRoot, Action<SweepCellGroup>? beforeGroupTrains = null) : Actor
{
    private CancellationTokenSource? running;
    private object? current;

    private sealed record TrainingEnded(CellAssigned Assignment, CellResult Result, CellRecords Records);

    private sealed record GroupTrainingEnded(GroupAssigned Assignment, IReadOnlyList<CellResult> Results, IReadOnlyList<CellRecords> Records);

    private sealed record TrainingThrew(object Assignment, Exception Error);

    protected override void PreStart() => coordinator.Tell(new WorkerIdle(Self), Self);

    protected override void PreRestart(Exception cause, object? message)
    {
        // A crash of the worker itself (not of training, which arrives as a message) loses the work in hand:
        // hand it back so the coordinator can retry it.
        running?.Cancel();
        if (current is { } lost)
        {
            Failed(lost, $"worker crashed: {cause.Message}");
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
            case GroupAssigned assigned:
                Start(assigned);
                break;
            case TrainingEnded ended:
                current = null;
                coordinator.Tell(new CellCompleted(Self.Name, ended.Assignment.Cell, ended.Assignment.Attempt, ended.Result, ended.Records, device), Self);
                coordinator.Tell(new WorkerIdle(Self), Self);
                break;
            case GroupTrainingEnded ended:
                current = null;
                var group = ended.Assignment.Group;
                for (var k = 0; k < group.Cells.Count; k++)
                {
                    coordinator.Tell(new CellCompleted(Self.Name, group.Cells[k], ended.Assignment.Attempt, ended.Results[k], ended.Records[k], device, GroupId: group.Id), Self);
                }

                coordinator.Tell(new WorkerIdle(Self), Self);
                break;
            case TrainingThrew { Error: DataFileException unreadable } threw:
                current = null;
                foreach (var cell in CellsOf(threw.Assignment))
                {
                    coordinator.Tell(new DataUnavailable(Self.Name, cell, unreadable.Message), Self);
                }

                coordinator.Tell(new WorkerIdle(Self), Self);
                break;
            case TrainingThrew threw:
                current = null;
                Failed(threw.Assignment, Describe(threw.Error));
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

    private void Failed(object assignment, string error)
    {
        object failure = assignment switch
        {
            CellAssigned a => new CellFailed(Self.Name, a.Cell, a.Attempt, error, device),
            GroupAssigned g => new GroupFailed(Self.Name, g.Group, g.Attempt, error, device),
            _ => throw new InvalidOperationException($"unknown assignment {assignment.GetType().Name}"),
        };
        coordinator.Tell(failure, Self);
    }

    private static IReadOnlyList<SweepCell> CellsOf(object assignment) => assignment switch
    {
        CellAssigned a => [a.Cell],
        GroupAssigned g => g.Group.Cells,
        _ => [],
    };

    private void Start(CellAssigned assigned)
    {
        var cellId = assigned.Cell.Id;
        var config = assigned.Cell.Config with { Device = device };
        var sink = ProgressSink(cellId);
        StartTraining(assigned, token =>
        {
            var result = Finished(new CellTrainer(config, dataRoot, sink).Run(token), token);
            return new TrainingEnded(assigned, result, sink.Records);
        });
    }

    private void Start(GroupAssigned assigned)
    {
        var cells = assigned.Group.Cells;
        var configs = cells.Select(c => c.Config with { Device = device }).ToList();

        // One progress line for the group: its first cell's records, under the group's id.
        var sinks = cells.Select((c, k) => k == 0 ? ProgressSink(assigned.Group.Id) : new RecordingSink(_ => { }, _ => { })).ToList();
        StartTraining(assigned, token =>
        {
            beforeGroupTrains?.Invoke(assigned.Group);
            var results = new FusedCellTrainer(configs, dataRoot, sinks).Run(token).Select(r => Finished(r, token)).ToList();
            return new GroupTrainingEnded(assigned, results, sinks.Select(s => s.Records).ToList());
        });
    }

    private void StartTraining(object assignment, Func<CancellationToken, object> train)
    {
        current = assignment;
        running = new CancellationTokenSource();
        var token = running.Token;
        var self = Self;
        var training = Task.Factory.StartNew(() => train(token), token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        training.PipeTo(self, self, success: ended => ended, failure: error => new TrainingThrew(assignment, error));
    }

    // Built on the actor's thread (Self is only valid there); called from the training thread.
    private RecordingSink ProgressSink(string label)
    {
        var self = Self;
        var name = Self.Name;
        return new RecordingSink(
            step => coordinator.Tell(new CellProgressed(name, label, step.Epoch, step.Step, step.Loss), self),
            epoch => coordinator.Tell(new CellProgressed(name, label, epoch.Epoch, epoch.Step, epoch.TrainLoss), self));
    }

    // The trainers report a spent wall_seconds budget as Cancelled too; only a stop request makes a cell
    // unfinished, and a budget run to its end is a finished cell.
    private static CellResult Finished(CellResult result, CancellationToken token) =>
        result.Status == CellStatus.Cancelled && !token.IsCancellationRequested ? result with { Status = CellStatus.Completed } : result;

    private static string Describe(Exception e) => e switch
    {
        TorchException or ArgumentException or IOException or InvalidDataException => e.Message,
        _ => $"{e.GetType().Name}: {e.Message}",
    };

    protected override void PostStop() => running?.Cancel();
}
