using HdCluster.Cluster.Messages;
using HdCluster.Experiments;
using HdCluster.Training;

namespace HdCluster.Cluster.Local;

/// <summary>Collects a cell's records for the aggregator and reports progress as they arrive.</summary>
internal sealed class RecordingSink(Action<StepRecord> onStep, Action<EpochRecord> onEpoch) : IRecordSink
{
    private readonly List<StepRecord> steps = [];
    private readonly List<EpochRecord> epochs = [];
    private IReadOnlyList<string> names = [];

    public CellRecords Records => new(names, steps.ToArray(), epochs.ToArray());

    public void OnStart(CellConfig config, IReadOnlyList<string> hyperparameterNames, (long Step, int Epoch)? resumedAt)
    {
        names = hyperparameterNames;
        if (resumedAt is { } at)
        {
            steps.RemoveAll(s => s.Step > at.Step);
            epochs.RemoveAll(e => e.Epoch > at.Epoch);
        }
    }

    public void OnStep(StepRecord record)
    {
        steps.Add(record);
        onStep(record);
    }

    public void OnEpoch(EpochRecord record)
    {
        epochs.Add(record);
        onEpoch(record);
    }

    public void OnCompleted(CellResult result)
    {
    }
}
