using HdCluster.Experiments;

namespace HdCluster.Results;

/// <summary>
/// Turns a finished cell into rows of the result schema (<see cref="ResultSchema"/>): one <c>cells</c> row with
/// every setting as its own typed column, and <c>curves</c> rows for each recorded step and epoch. Template
/// variables and hyperparameters (<c>L1.lr</c>, <c>L2.alpha</c>) follow the fixed columns under their own names.
/// A cell trained in a fused group has the same rows as alone, plus the group's id in <c>group_id</c>.
/// </summary>
public static class ResultRows
{
    /// <summary>The cells row of one attempt of a cell; <paramref name="result"/> is null when the attempt produced none (failed).</summary>
    public static ResultTable Cell(CellRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var c = row.Config;
        var result = row.Result;
        var values = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
        {
            ["sweep"] = row.Sweep,
            ["cell_id"] = row.CellId,
            ["attempt"] = row.Attempt,
            ["status"] = row.Status.Word(),
            ["model"] = c.Model,
            ["dataset"] = c.ResolvedDataset,
            ["optimizer"] = c.Optimizer,
            ["batch_size"] = (long)c.BatchSize,
            ["epochs"] = (long?)c.Epochs,
            ["steps_budget"] = c.Steps,
            ["wall_seconds_budget"] = c.WallSeconds,
            ["seed"] = c.Seed,
            ["dtype"] = c.Dtype,
            ["record_every"] = (long)c.RecordEvery,
            ["hidden"] = c.Hidden is null ? null : string.Join("-", c.Hidden),
            ["normalize"] = c.ResolvedNormalize,
            ["train_limit"] = (long?)c.TrainLimit,
            ["valid_limit"] = (long?)c.ValidLimit,
            ["final_train_loss"] = Finite(result?.FinalTrainLoss),
            ["final_valid_loss"] = Finite(result?.FinalValidLoss),
            ["final_valid_accuracy"] = Finite(result?.FinalValidAccuracy),
            ["steps_done"] = result?.Steps,
            ["epochs_done"] = (long?)result?.Epochs,
            ["wall_seconds"] = result?.WallSeconds,
            ["device"] = row.Device,
            ["host"] = row.Host ?? Environment.MachineName,
            ["worker"] = row.Worker,
            ["group_id"] = row.GroupId,
            ["attempts"] = (long)row.Attempts,
            ["error"] = row.Error,
            ["diverged_at_step"] = result?.DivergedAtStep,
            ["diverged_quantity"] = result?.DivergedQuantity,
            ["finished_at"] = DateTime.UtcNow,
        };

        var columns = ResultSchema.Cells.ToList();
        var taken = columns.Select(col => col.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var extra = new List<object?>();
        foreach (var (name, text) in row.Variables.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (taken.Add(name))
            {
                columns.Add(ResultSchema.TemplateVariable(name, text));
                extra.Add(ResultSchema.TemplateValue(text));
            }
        }

        for (var i = 0; result is not null && i < result.HyperparameterNames.Count; i++)
        {
            if (taken.Add(result.HyperparameterNames[i]))
            {
                columns.Add(ResultSchema.Hyperparameter(result.HyperparameterNames[i]));
                extra.Add(Finite(result.FinalHyperparameters[i]));
            }
        }

        var fixedValues = ResultSchema.Cells.Select(col => values.TryGetValue(col.Name, out var v)
            ? v
            : throw new InvalidOperationException($"The result schema has a cells column '{col.Name}' that ResultRows does not fill."));
        return new ResultTable(columns.Select(ResultColumns.From)).AddRow([.. fixedValues, .. extra]);
    }

    /// <summary>The curves rows of one attempt: a row per recorded step, then one per epoch, with hyperparameters as columns.</summary>
    public static ResultTable Curves(string sweep, string cellId, string attempt, IReadOnlyList<string> hyperparameterNames, IReadOnlyList<StepRecord> steps, IReadOnlyList<EpochRecord> epochs)
    {
        ArgumentNullException.ThrowIfNull(hyperparameterNames);
        var stored = Enumerable.Range(0, hyperparameterNames.Count).Where(i => !ResultSchema.IsFixedCurveColumn(hyperparameterNames[i])).ToArray();
        var columns = ResultSchema.Curves.Concat(stored.Select(i => ResultSchema.Hyperparameter(hyperparameterNames[i])));
        var table = new ResultTable(columns.Select(ResultColumns.From));
        foreach (var s in steps)
        {
            table.AddRow([sweep, cellId, attempt, ResultSchema.StepKind, s.Step, (long)s.Epoch, Finite(s.Loss), null, null, null, null, null, .. Hyperparameters(s.Hyperparameters, stored)]);
        }

        foreach (var e in epochs)
        {
            table.AddRow([sweep, cellId, attempt, ResultSchema.EpochKind, e.Step, (long)e.Epoch, Finite(e.TrainLoss), Finite(e.TrainLoss), Finite(e.ValidLoss), Finite(e.ValidAccuracy), e.WallSeconds, e.ExamplesPerSecond, .. Hyperparameters(e.Hyperparameters, stored)]);
        }

        return table;
    }

    private static IEnumerable<object?> Hyperparameters(IReadOnlyList<double> values, int[] stored) => stored.Select(i => (object?)Finite(values[i]));

    // NaN and infinities are stored as NULL: Parquet readers disagree on them, and a diverged run's last
    // values carry no information beyond its status.
    private static double? Finite(double? v) => v is { } d && double.IsFinite(d) ? d : null;
}
