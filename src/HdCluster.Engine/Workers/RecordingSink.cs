using System.Text.Json;
using System.Text.Json.Serialization;
using HdCluster.Experiments;
using HdCluster.Training;

namespace HdCluster.Engine.Workers;

/// <summary>
/// Collects a cell's records for the aggregator and reports progress as they arrive. With a records file (beside
/// the cell's epoch checkpoint) it also keeps them on disk at each epoch, so that an attempt that resumes from the
/// checkpoint, perhaps in another process, still writes the curves of the epochs it did not train again.
/// </summary>
internal sealed class RecordingSink(Action<StepRecord> onStep, Action<EpochRecord> onEpoch, string? recordsFile = null) : IRecordSink
{
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private readonly List<StepRecord> steps = [];
    private readonly List<EpochRecord> epochs = [];
    private IReadOnlyList<string> names = [];

    public CellRecords Records => new(names, steps.ToArray(), epochs.ToArray());

    /// <summary>The epoch a resumed run started after; null when it started from scratch.</summary>
    public int? ResumedAfterEpoch { get; private set; }

    public void OnStart(CellConfig config, IReadOnlyList<string> hyperparameterNames, (long Step, int Epoch)? resumedAt)
    {
        names = hyperparameterNames;
        if (resumedAt is not { } at)
        {
            return;
        }

        ResumedAfterEpoch = at.Epoch;
        if (steps.Count == 0 && epochs.Count == 0 && recordsFile is not null && File.Exists(recordsFile))
        {
            var kept = JsonSerializer.Deserialize<CellRecords>(File.ReadAllText(recordsFile), Json);
            steps.AddRange(kept?.Steps ?? []);
            epochs.AddRange(kept?.Epochs ?? []);
        }

        // The file is written before the checkpoint: records past the checkpoint belong to the lost attempt.
        steps.RemoveAll(s => s.Step > at.Step);
        epochs.RemoveAll(e => e.Epoch > at.Epoch);
    }

    public void OnStep(StepRecord record)
    {
        steps.Add(record);
        onStep(record);
    }

    public void OnEpoch(EpochRecord record)
    {
        epochs.Add(record);
        if (recordsFile is not null)
        {
            Keep(recordsFile);
        }

        onEpoch(record);
    }

    public void OnCompleted(CellResult result)
    {
    }

    // Whole or absent: a temporary file renamed into place.
    private void Keep(string file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var temporary = $"{file}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(Records, Json));
        File.Move(temporary, file, overwrite: true);
    }
}
