using System.Globalization;

namespace HdCluster.Experiments;

/// <summary>
/// THE result schema: the columns of the <c>cells</c> table (one row per finished attempt of a cell) and of the
/// <c>curves</c> table (one row per recorded step or epoch), in order. Writers build rows from these lists and readers
/// read through them, so the two cannot drift. Besides the fixed columns listed here, a cells row carries one column
/// per template variable (<see cref="TemplateVariable"/>) and per final hyperparameter (<see cref="Hyperparameter"/>),
/// and a curves row one per hyperparameter, after the fixed ones; a variable or hyperparameter whose name is taken
/// by a fixed column is not stored.
/// </summary>
public static class ResultSchema
{
    /// <summary>The word in the curves' <c>kind</c> column of a step row.</summary>
    public const string StepKind = "step";

    /// <summary>The word in the curves' <c>kind</c> column of an epoch row.</summary>
    public const string EpochKind = "epoch";

    /// <summary>The fixed columns of the <c>cells</c> table, in stored order.</summary>
    public static readonly IReadOnlyList<SchemaColumn> Cells =
    [
        new("sweep", ValueKind.Varchar, false, ColumnRole.Identity),
        new("cell_id", ValueKind.Varchar, false, ColumnRole.Identity),
        new("attempt", ValueKind.Varchar, false, ColumnRole.Identity),
        new("status", ValueKind.Varchar, false, ColumnRole.Outcome),
        new("model", ValueKind.Varchar, false, ColumnRole.Setting),
        new("dataset", ValueKind.Varchar, false, ColumnRole.Setting),
        new("optimizer", ValueKind.Varchar, false, ColumnRole.Setting),
        new("batch_size", ValueKind.BigInt, false, ColumnRole.Setting),
        new("epochs", ValueKind.BigInt, true, ColumnRole.Setting),
        new("steps_budget", ValueKind.BigInt, true, ColumnRole.Setting),
        new("wall_seconds_budget", ValueKind.Double, true, ColumnRole.Setting),
        new("seed", ValueKind.BigInt, false, ColumnRole.Setting),
        new("dtype", ValueKind.Varchar, false, ColumnRole.Setting),
        new("record_every", ValueKind.BigInt, false, ColumnRole.Setting),
        new("hidden", ValueKind.Varchar, true, ColumnRole.Setting),
        new("normalize", ValueKind.Boolean, false, ColumnRole.Setting),
        new("train_limit", ValueKind.BigInt, true, ColumnRole.Setting),
        new("valid_limit", ValueKind.BigInt, true, ColumnRole.Setting),
        new("final_train_loss", ValueKind.Double, true, ColumnRole.Outcome),
        new("final_valid_loss", ValueKind.Double, true, ColumnRole.Outcome),
        new("final_valid_accuracy", ValueKind.Double, true, ColumnRole.Outcome),
        new("steps_done", ValueKind.BigInt, true, ColumnRole.Outcome),
        new("epochs_done", ValueKind.BigInt, true, ColumnRole.Outcome),
        new("wall_seconds", ValueKind.Double, true, ColumnRole.Outcome),
        new("device", ValueKind.Varchar, false, ColumnRole.Provenance),
        new("host", ValueKind.Varchar, false, ColumnRole.Provenance),
        new("worker", ValueKind.Varchar, false, ColumnRole.Provenance),
        new("group_id", ValueKind.Varchar, true, ColumnRole.Provenance),
        new("attempts", ValueKind.BigInt, false, ColumnRole.Provenance),
        new("error", ValueKind.Varchar, true, ColumnRole.Outcome),
        new("diverged_at_step", ValueKind.BigInt, true, ColumnRole.Outcome),
        new("diverged_quantity", ValueKind.Varchar, true, ColumnRole.Outcome),
        new("finished_at", ValueKind.Timestamp, false, ColumnRole.Provenance),
    ];

    /// <summary>The fixed columns of the <c>curves</c> table, in stored order. A step row fills <c>loss</c> (the
    /// minibatch loss); an epoch row fills the epoch metrics, and <c>loss</c> with the train loss.</summary>
    public static readonly IReadOnlyList<SchemaColumn> Curves =
    [
        new("sweep", ValueKind.Varchar, false, ColumnRole.Identity),
        new("cell_id", ValueKind.Varchar, false, ColumnRole.Identity),
        new("attempt", ValueKind.Varchar, false, ColumnRole.Identity),
        new("kind", ValueKind.Varchar, false, ColumnRole.Identity),
        new("step", ValueKind.BigInt, false, ColumnRole.Identity),
        new("epoch", ValueKind.BigInt, false, ColumnRole.Identity),
        new("loss", ValueKind.Double, true, ColumnRole.Outcome),
        new("train_loss", ValueKind.Double, true, ColumnRole.Outcome),
        new("valid_loss", ValueKind.Double, true, ColumnRole.Outcome),
        new("valid_accuracy", ValueKind.Double, true, ColumnRole.Outcome),
        new("wall_seconds", ValueKind.Double, true, ColumnRole.Outcome),
        new("examples_per_second", ValueKind.Double, true, ColumnRole.Outcome),
    ];

    private static readonly HashSet<string> CellNames = Cells.Select(c => c.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
    private static readonly HashSet<string> CurveNames = Curves.Select(c => c.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>True when <paramref name="name"/> is a fixed column of the cells table (names compare as SQL does,
    /// ignoring case): a variable or hyperparameter of that name is not stored.</summary>
    public static bool IsFixedCellColumn(string name) => CellNames.Contains(name);

    /// <summary>True when <paramref name="name"/> is a fixed column of the curves table.</summary>
    public static bool IsFixedCurveColumn(string name) => CurveNames.Contains(name);

    /// <summary>The fixed cells column of this name, or null.</summary>
    public static SchemaColumn? CellColumn(string name) => Cells.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The column of a template variable: a number when its value reads as one, text otherwise.</summary>
    public static SchemaColumn TemplateVariable(string name, string value) =>
        new(name, TemplateNumber(value) is null ? ValueKind.Varchar : ValueKind.Double, true, ColumnRole.TemplateVariable);

    /// <summary>A template variable's value as stored: the number it reads as, or its text.</summary>
    public static object TemplateValue(string value) => TemplateNumber(value) is { } number ? number : value;

    /// <summary>The column of a hyperparameter (its final value in cells, its value at each point in curves).</summary>
    public static SchemaColumn Hyperparameter(string name) => new(name, ValueKind.Double, true, ColumnRole.Hyperparameter);

    private static double? TemplateNumber(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : null;
}
