using HdCluster.Experiments;
using HdCluster.Models;
using HdCluster.Optim;
using HdCluster.Torch;

namespace HdCluster.Training;

/// <summary>
/// Epoch-boundary checkpoints in PyTorch's file format: the model's state, the optimizer's last-update
/// snapshot (replayed on restore, so hyperoptimizers resume with their autograd link intact), and the
/// loop's position. Restoring gives the same numbers as never stopping.
/// </summary>
internal static class Checkpoints
{
    public static void Save(string path, Model model, Optimizer optimizer, int epoch, long step, double wallSeconds, EpochRecord last)
    {
        var snapshot = optimizer.LastUpdateSnapshot
            ?? throw new InvalidOperationException("no update snapshot to checkpoint: the epoch's last step did not capture one");
        using var scope = torch.NewDisposeScope();
        var entries = new Dictionary<string, Tensor>();
        foreach (var (name, value) in model.state_dict())
        {
            entries[$"model/{name}"] = value;
        }

        foreach (var (name, value) in snapshot)
        {
            entries[$"optimizer/{name}"] = value;
        }

        double[] meta = [epoch, step, wallSeconds, last.TrainLoss, last.ValidLoss, last.ValidAccuracy, last.ExamplesPerSecond];
        entries["loop/meta"] = torch.tensor(meta);
        entries["loop/hyperparameters"] = torch.tensor(last.Hyperparameters.ToArray());
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);

        // Whole or absent: a process killed while saving must not leave a half file that the next attempt resumes from.
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        torch.save(entries, temporary);
        File.Move(temporary, path, overwrite: true);
    }

    public static (int Epoch, long Step, double WallSeconds, EpochRecord Last) Restore(string path, Model model, Optimizer optimizer)
    {
        var entries = torch.load(path);
        try
        {
            model.load_state_dict(Section(entries, "model/"));
            optimizer.ReplayUpdate(Section(entries, "optimizer/"));
            var meta = Entry(path, entries, "loop/meta").data<double>();
            var hypers = Entry(path, entries, "loop/hyperparameters").data<double>();
            var epoch = (int)meta[0];
            var step = (long)meta[1];
            return (epoch, step, meta[2], new EpochRecord(epoch, step, meta[3], meta[4], meta[5], hypers, meta[2], meta[6]));
        }
        finally
        {
            foreach (var t in entries.Values)
            {
                t.Dispose();
            }
        }
    }

    private static Dictionary<string, Tensor> Section(Dictionary<string, Tensor> entries, string prefix) =>
        entries.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value);

    private static Tensor Entry(string path, Dictionary<string, Tensor> entries, string key) =>
        entries.TryGetValue(key, out var t) ? t : throw new InvalidDataException($"checkpoint '{path}' has no '{key}'");
}
