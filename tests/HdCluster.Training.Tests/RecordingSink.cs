using HdCluster.Experiments;

namespace HdCluster.Training.Tests;

/// <summary>Keeps every record a trainer reports, in order, so tests can compare runs.</summary>
internal sealed class RecordingSink : IRecordSink
{
    public List<(long Step, int Epoch)?> Starts { get; } = [];

    public IReadOnlyList<string> HyperparameterNames { get; private set; } = [];

    public List<StepRecord> Steps { get; } = [];

    public List<EpochRecord> Epochs { get; } = [];

    public List<CellResult> Completions { get; } = [];

    /// <summary>Called at every step record, e.g. to cancel a run from inside it.</summary>
    public Action<StepRecord>? OnStepHook { get; init; }

    public void OnStart(CellConfig config, IReadOnlyList<string> hyperparameterNames, (long Step, int Epoch)? resumedAt)
    {
        Starts.Add(resumedAt);
        HyperparameterNames = hyperparameterNames;
    }

    public void OnStep(StepRecord record)
    {
        Steps.Add(record);
        OnStepHook?.Invoke(record);
    }

    public void OnEpoch(EpochRecord record) => Epochs.Add(record);

    public void OnCompleted(CellResult result) => Completions.Add(result);
}
