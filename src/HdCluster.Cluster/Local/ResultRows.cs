using System.Globalization;
using HdCluster.Cluster.Messages;
using HdCluster.Experiments;
using HdCluster.Results;
using HdCluster.Sweeps;
using HdCluster.Training;

namespace HdCluster.Cluster.Local;

/// <summary>
/// Turns a finished cell into Parquet rows: one <c>cells</c> row with every setting as its own typed column,
/// and <c>curves</c> rows for each recorded step and epoch. Hyperparameters keep their recorded names
/// (<c>L1.lr</c>, <c>L2.alpha</c>) as column names. A cell trained in a fused group has the same rows as alone, plus
/// the group's id in <c>group_id</c> (null for a cell trained alone).
/// </summary>
public static class ResultRows
{
    public static ResultTable Cell(string sweep, SweepCell cell, string attempt, int attempts, string status, CellResult? result, string device, string worker, string? error, string? host = null, string? groupId = null)
    {
        var c = cell.Config;
        var columns = new List<ResultColumn>
        {
            new("sweep", ColumnType.Varchar, false), new("cell_id", ColumnType.Varchar, false), new("attempt", ColumnType.Varchar, false),
            new("status", ColumnType.Varchar, false), new("model", ColumnType.Varchar, false), new("dataset", ColumnType.Varchar, false),
            new("optimizer", ColumnType.Varchar, false), new("batch_size", ColumnType.BigInt, false), new("epochs", ColumnType.BigInt),
            new("steps_budget", ColumnType.BigInt), new("wall_seconds_budget", ColumnType.Double), new("seed", ColumnType.BigInt, false),
            new("dtype", ColumnType.Varchar, false), new("record_every", ColumnType.BigInt, false), new("hidden", ColumnType.Varchar),
            new("normalize", ColumnType.Boolean, false), new("train_limit", ColumnType.BigInt), new("valid_limit", ColumnType.BigInt),
            new("final_train_loss", ColumnType.Double), new("final_valid_loss", ColumnType.Double), new("final_valid_accuracy", ColumnType.Double),
            new("steps_done", ColumnType.BigInt), new("epochs_done", ColumnType.BigInt), new("wall_seconds", ColumnType.Double),
            new("device", ColumnType.Varchar, false), new("host", ColumnType.Varchar, false), new("worker", ColumnType.Varchar, false),
            new("group_id", ColumnType.Varchar), new("attempts", ColumnType.BigInt, false), new("error", ColumnType.Varchar), new("diverged_at_step", ColumnType.BigInt),
            new("diverged_quantity", ColumnType.Varchar), new("finished_at", ColumnType.Timestamp, false),
        };
        var values = new List<object?>
        {
            sweep, cell.Id, attempt, status, c.Model, c.ResolvedDataset, c.Optimizer, (long)c.BatchSize, (long?)c.Epochs,
            c.Steps, c.WallSeconds, c.Seed, c.Dtype, (long)c.RecordEvery, c.Hidden is null ? null : string.Join("-", c.Hidden),
            c.ResolvedNormalize, (long?)c.TrainLimit, (long?)c.ValidLimit,
            Finite(result?.FinalTrainLoss), Finite(result?.FinalValidLoss), Finite(result?.FinalValidAccuracy),
            result?.Steps, (long?)result?.Epochs, result?.WallSeconds, device, host ?? Environment.MachineName, worker, groupId, (long)attempts, error,
            result?.DivergedAtStep, result?.DivergedQuantity, DateTime.UtcNow,
        };

        var taken = columns.Select(col => col.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, text) in cell.Variables.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (!taken.Add(name))
            {
                continue;
            }

            var isNumber = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number);
            columns.Add(new ResultColumn(name, isNumber ? ColumnType.Double : ColumnType.Varchar));
            values.Add(isNumber ? number : text);
        }

        if (result != null)
        {
            for (var i = 0; i < result.HyperparameterNames.Count; i++)
            {
                if (taken.Add(result.HyperparameterNames[i]))
                {
                    columns.Add(new ResultColumn(result.HyperparameterNames[i], ColumnType.Double));
                    values.Add(Finite(result.FinalHyperparameters[i]));
                }
            }
        }

        return new ResultTable(columns).AddRow([.. values]);
    }

    public static ResultTable Curves(string sweep, string cellId, string attempt, CellRecords records)
    {
        var columns = new List<ResultColumn>
        {
            new("sweep", ColumnType.Varchar, false), new("cell_id", ColumnType.Varchar, false), new("attempt", ColumnType.Varchar, false),
            new("kind", ColumnType.Varchar, false), new("step", ColumnType.BigInt, false), new("epoch", ColumnType.BigInt, false),
            new("loss", ColumnType.Double), new("train_loss", ColumnType.Double), new("valid_loss", ColumnType.Double),
            new("valid_accuracy", ColumnType.Double), new("wall_seconds", ColumnType.Double), new("examples_per_second", ColumnType.Double),
        };
        columns.AddRange(records.HyperparameterNames.Select(n => new ResultColumn(n, ColumnType.Double)));
        var table = new ResultTable(columns);
        foreach (var s in records.Steps)
        {
            table.AddRow([sweep, cellId, attempt, "step", s.Step, (long)s.Epoch, Finite(s.Loss), null, null, null, null, null, .. s.Hyperparameters.Select(h => (object?)Finite(h))]);
        }

        foreach (var e in records.Epochs)
        {
            table.AddRow([sweep, cellId, attempt, "epoch", e.Step, (long)e.Epoch, Finite(e.TrainLoss), Finite(e.TrainLoss), Finite(e.ValidLoss), Finite(e.ValidAccuracy), e.WallSeconds, e.ExamplesPerSecond, .. e.Hyperparameters.Select(h => (object?)Finite(h))]);
        }

        return table;
    }

    // NaN and infinities are stored as NULL: Parquet readers disagree on them, and a diverged run's last
    // values carry no information beyond its status.
    private static double? Finite(double? v) => v is { } d && double.IsFinite(d) ? d : null;
}
