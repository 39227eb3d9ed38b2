using HdCluster.Actors;
using HdCluster.Cluster.Messages;
using HdCluster.Data;
using HdCluster.Experiments;
using HdCluster.Sweeps;
using HdCluster.Training;

namespace HdCluster.Cluster.Local;

/// <summary>
/// Trains what its coordinator assigns, one assignment at a time, on one device slot: a cell alone, or a fused
/// group of cells as one batched model. Training runs on a dedicated thread and its outcome comes back as a
/// message, so the worker's mailbox stays responsive (a stop request cancels the run in flight).
/// </summary>
internal sealed class WorkerActor(ActorRef coordinator, string device, string dataRoot, Action<SweepCellGroup>? beforeGroupTrains = null) : Actor
{
    private CancellationTokenSource? running;
    private Assignment? current;

    // A CellAssigned or a GroupAssigned, seen as what both are: cells, an attempt, and the group if fused.
    private sealed record Assignment(IReadOnlyList<SweepCell> Cells, int Attempt, SweepCellGroup? Group);

    private sealed record TrainingEnded(Assignment Assignment, IReadOnlyList<CellResult> Results, IReadOnlyList<CellRecords> Records);

    private sealed record TrainingThrew(Assignment Assignment, Exception Error);

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
                Start(new Assignment([assigned.Cell], assigned.Attempt, null));
                break;
            case GroupAssigned assigned:
                Start(new Assignment(assigned.Group.Cells, assigned.Attempt, assigned.Group));
                break;
            case TrainingEnded ended:
                current = null;
                for (var k = 0; k < ended.Assignment.Cells.Count; k++)
                {
                    coordinator.Tell(new CellCompleted(Self.Name, ended.Assignment.Cells[k], ended.Assignment.Attempt, ended.Results[k], ended.Records[k], device, GroupId: ended.Assignment.Group?.Id), Self);
                }

                coordinator.Tell(new WorkerIdle(Self), Self);
                break;
            case TrainingThrew { Error: DataFileException unreadable } threw:
                current = null;
                foreach (var cell in threw.Assignment.Cells)
                {
                    coordinator.Tell(new DataUnavailable(Self.Name, cell, unreadable.Message), Self);
                }

                coordinator.Tell(new WorkerIdle(Self), Self);
                break;
            case TrainingThrew threw:
                current = null;
                Failed(threw.Assignment, SlotTraining.Describe(threw.Error));
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

    private void Failed(Assignment assignment, string error) => coordinator.Tell(
        assignment.Group is { } group
            ? new GroupFailed(Self.Name, group, assignment.Attempt, error, device)
            : new CellFailed(Self.Name, assignment.Cells[0], assignment.Attempt, error, device),
        Self);

    private void Start(Assignment assignment)
    {
        current = assignment;
        running = new CancellationTokenSource();
        var token = running.Token;
        var self = Self;
        var configs = assignment.Cells.Select(c => c.Config with { Device = device }).ToList();

        // One progress line per assignment: the (first) cell's records, under the group's id when fused.
        var sinks = assignment.Cells.Select((c, k) => k == 0 ? ProgressSink(assignment.Group?.Id ?? c.Id) : new RecordingSink(_ => { }, _ => { })).ToList();
        var training = Task.Factory.StartNew(
            () =>
            {
                if (assignment.Group is { } group)
                {
                    beforeGroupTrains?.Invoke(group);
                }

                var results = SlotTraining.Run(configs, assignment.Group is not null, dataRoot, sinks, token);
                return new TrainingEnded(assignment, results, sinks.Select(s => s.Records).ToList());
            },
            token,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
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

    protected override void PostStop() => running?.Cancel();
}
