using HdCluster.Experiments;
using HdCluster.Torch;
using HdCluster.Training;
using HdCluster.Training.Fused;

namespace HdCluster.Engine.Workers;

/// <summary>What a worker slot does with its work: train a cell alone or a fused group.</summary>
internal static class SlotTraining
{
    /// <param name="configs">One cell's config, or a fused group's, each with the slot's device.</param>
    /// <param name="sinks">One per cell.</param>
    /// <param name="checkpoint">For a cell alone: the epoch checkpoint to write, and to resume from when it exists.</param>
    public static IReadOnlyList<CellResult> Run(IReadOnlyList<CellConfig> configs, bool fused, string dataRoot, IReadOnlyList<IRecordSink> sinks, string? checkpoint, CancellationToken token)
    {
        IReadOnlyList<CellResult> results = fused
            ? new FusedCellTrainer(configs, dataRoot, sinks).Run(token)
            : [new CellTrainer(configs[0], dataRoot, sinks[0], checkpoint).Run(token)];

        // The trainers report a spent wall_seconds budget as Cancelled too; only a stop request makes a cell
        // unfinished, and a budget run to its end is a finished cell.
        return results.Select(r => r.Status == CellStatus.Cancelled && !token.IsCancellationRequested ? r with { Status = CellStatus.Completed } : r).ToList();
    }

    /// <summary>A training failure as one line: libtorch's, the data's or a setting's own message; otherwise the
    /// exception's type too.</summary>
    public static string Describe(Exception e) => e switch
    {
        TorchException or ArgumentException or IOException or InvalidDataException => e.Message,
        _ => $"{e.GetType().Name}: {e.Message}",
    };
}
