using HdCluster.Results;

namespace HdCluster.Reports.Tests;

/// <summary>One synthetic cell: its settings, final numbers and curves, shaped like the sweep engine's rows.</summary>
internal sealed record SyntheticCell(string Id, string Optimizer)
{
    public string Status { get; init; } = "completed";

    public string Model { get; init; } = "logreg";

    public long Seed { get; init; } = 1;

    public long Epochs { get; init; } = 2;

    public Dictionary<string, double> Variables { get; init; } = [];

    public double FinalTrainLoss { get; init; } = double.NaN;

    public double FinalValidLoss { get; init; } = double.NaN;

    public double WallSeconds { get; init; } = 10;

    public long StepsDone { get; init; } = 100;

    public string? Error { get; init; }

    public long? DivergedAtStep { get; init; }

    public string Device { get; init; } = "cpu";

    /// <summary>The fused group the cell trained in; null for a cell alone (the column is written either way, as the engine does).</summary>
    public string? GroupId { get; init; }

    public DateTime FinishedAt { get; init; } = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    /// <summary>Hyperparameter columns (L1.lr, ...) and their value at each step.</summary>
    public Dictionary<string, Func<long, double>> Hyperparameters { get; init; } = [];

    /// <summary>The minibatch loss at a step; NaN stops the curve (a diverged run records nothing after).</summary>
    public Func<long, double> Loss { get; init; } = step => 2.0 / (1 + (step / 10.0));

    public long StepsPerEpoch { get; init; } = 50;

    public long RecordEvery { get; init; } = 10;
}

/// <summary>
/// Writes synthetic sweep results through <see cref="ResultsStore"/>, with the same columns as
/// HdCluster.Cluster's ResultRows: what a report reads from a real sweep.
/// </summary>
internal static class SyntheticSweep
{
    public static void Write(string folder, string sweep, params SyntheticCell[] cells)
    {
        using var store = new ResultsStore(folder);
        store.AppendCells(CellsTable(sweep, cells));
        store.AppendCurves(CurvesTable(sweep, cells));
    }

    private static ResultTable CellsTable(string sweep, IReadOnlyList<SyntheticCell> cells)
    {
        var variables = cells.SelectMany(c => c.Variables.Keys).Distinct().Order(StringComparer.Ordinal).ToArray();
        var hyper = cells.SelectMany(c => c.Hyperparameters.Keys).Distinct().Order(StringComparer.Ordinal).ToArray();
        var columns = new List<ResultColumn>
        {
            new("sweep", ColumnType.Varchar, false), new("cell_id", ColumnType.Varchar, false), new("attempt", ColumnType.Varchar, false),
            new("status", ColumnType.Varchar, false), new("model", ColumnType.Varchar, false), new("dataset", ColumnType.Varchar, false),
            new("optimizer", ColumnType.Varchar, false), new("batch_size", ColumnType.BigInt, false), new("epochs", ColumnType.BigInt),
            new("seed", ColumnType.BigInt, false), new("dtype", ColumnType.Varchar, false),
            new("final_train_loss", ColumnType.Double), new("final_valid_loss", ColumnType.Double), new("final_valid_accuracy", ColumnType.Double),
            new("steps_done", ColumnType.BigInt), new("epochs_done", ColumnType.BigInt), new("wall_seconds", ColumnType.Double),
            new("device", ColumnType.Varchar, false), new("host", ColumnType.Varchar, false), new("worker", ColumnType.Varchar, false),
            new("group_id", ColumnType.Varchar), new("attempts", ColumnType.BigInt, false), new("error", ColumnType.Varchar), new("diverged_at_step", ColumnType.BigInt),
            new("diverged_quantity", ColumnType.Varchar), new("finished_at", ColumnType.Timestamp, false),
        };
        columns.AddRange(variables.Select(v => new ResultColumn(v, ColumnType.Double)));
        columns.AddRange(hyper.Select(h => new ResultColumn(h, ColumnType.Double)));
        var table = new ResultTable(columns);
        foreach (var c in cells)
        {
            var finished = c.Status is "completed";
            table.AddRow(
            [
                sweep, c.Id, "a1", c.Status, c.Model, "mnist", c.Optimizer, 128L, c.Epochs, c.Seed, "float32",
                Finite(c.FinalTrainLoss), Finite(c.FinalValidLoss), finished ? 0.9 : null,
                c.StepsDone, finished ? c.Epochs : null, c.WallSeconds, c.Device, "testhost", "worker-0", c.GroupId, 1L, c.Error, c.DivergedAtStep,
                c.DivergedAtStep is null ? null : "loss", c.FinishedAt,
                .. variables.Select(v => c.Variables.TryGetValue(v, out var x) ? (object?)x : null),
                .. hyper.Select(h => c.Hyperparameters.TryGetValue(h, out var f) ? Finite(f(c.StepsDone)) : null),
            ]);
        }

        return table;
    }

    private static ResultTable CurvesTable(string sweep, IReadOnlyList<SyntheticCell> cells)
    {
        var hyper = cells.SelectMany(c => c.Hyperparameters.Keys).Distinct().Order(StringComparer.Ordinal).ToArray();
        var columns = new List<ResultColumn>
        {
            new("sweep", ColumnType.Varchar, false), new("cell_id", ColumnType.Varchar, false), new("attempt", ColumnType.Varchar, false),
            new("kind", ColumnType.Varchar, false), new("step", ColumnType.BigInt, false), new("epoch", ColumnType.BigInt, false),
            new("loss", ColumnType.Double), new("train_loss", ColumnType.Double), new("valid_loss", ColumnType.Double),
            new("valid_accuracy", ColumnType.Double), new("wall_seconds", ColumnType.Double), new("examples_per_second", ColumnType.Double),
        };
        columns.AddRange(hyper.Select(h => new ResultColumn(h, ColumnType.Double)));
        var table = new ResultTable(columns);
        foreach (var c in cells)
        {
            object?[] Hyper(long step) => [.. hyper.Select(h => c.Hyperparameters.TryGetValue(h, out var f) ? Finite(f(step)) : null)];
            for (var step = c.RecordEvery; step <= c.StepsDone; step += c.RecordEvery)
            {
                if (!double.IsFinite(c.Loss(step)))
                {
                    break;
                }

                table.AddRow([sweep, c.Id, "a1", "step", step, ((step - 1) / c.StepsPerEpoch) + 1, c.Loss(step), null, null, null, null, null, .. Hyper(step)]);
            }

            for (var epoch = 0L; epoch * c.StepsPerEpoch <= c.StepsDone; epoch++)
            {
                var step = epoch * c.StepsPerEpoch;
                var loss = c.Loss(step);
                if (!double.IsFinite(loss))
                {
                    break;
                }

                table.AddRow([sweep, c.Id, "a1", "epoch", step, epoch, loss, loss, loss * 0.9, 0.9, epoch * 1.0, 1000.0, .. Hyper(step)]);
            }
        }

        return table;
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
