namespace HdCluster.Experiments;

/// <summary>Receives a cell's records as they happen (CSV files, the sweep aggregator, a progress bar).</summary>
public interface IRecordSink
{
    /// <summary>The run starts, or, with <paramref name="resumedAt"/>, resumes after that step and epoch: records a
    /// sink holds from beyond it belong to an attempt that was lost.</summary>
    void OnStart(CellConfig config, IReadOnlyList<string> hyperparameterNames, (long Step, int Epoch)? resumedAt);

    void OnStep(StepRecord record);

    void OnEpoch(EpochRecord record);

    void OnCompleted(CellResult result);
}
