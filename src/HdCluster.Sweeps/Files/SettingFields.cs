using HdCluster.Experiments;

namespace HdCluster.Sweeps;

internal enum FieldKind
{
    Text,
    Template,
    Tower,
    Int,
    Long,
    Double,
    Bool,
    Widths,
}

/// <summary>One cell setting a sweep file may give: its key (the snake_case of the <c>CellConfig</c> property),
/// the type of its value, and whether <c>null</c> is allowed (meaning: the default).</summary>
internal sealed record SettingField(string Key, FieldKind Kind, bool Nullable);

/// <summary>The cell settings a sweep file knows. Every other key is a template variable, used as a
/// <c>{placeholder}</c> in an optimizer spec.</summary>
internal static class SettingFields
{
    public const string Optimizer = "optimizer";

    public const string Tower = "tower";

    public static readonly IReadOnlyList<SettingField> All =
    [
        new("model", FieldKind.Text, Nullable: false),
        new(Optimizer, FieldKind.Template, Nullable: false),
        new(Tower, FieldKind.Tower, Nullable: false),
        new("dataset", FieldKind.Text, Nullable: true),
        new("batch_size", FieldKind.Int, Nullable: false),
        new("epochs", FieldKind.Int, Nullable: true),
        new("steps", FieldKind.Long, Nullable: true),
        new("wall_seconds", FieldKind.Double, Nullable: true),
        new("seed", FieldKind.Long, Nullable: false),
        new("device", FieldKind.Text, Nullable: false),
        new("dtype", FieldKind.Text, Nullable: false),
        new("record_every", FieldKind.Int, Nullable: false),
        new("hidden", FieldKind.Widths, Nullable: true),
        new("normalize", FieldKind.Bool, Nullable: true),
        new("train_limit", FieldKind.Int, Nullable: true),
        new("valid_limit", FieldKind.Int, Nullable: true),
    ];

    private static readonly Dictionary<string, SettingField> ByKey = All.ToDictionary(f => f.Key, StringComparer.Ordinal);

    public static SettingField? Find(string key) => ByKey.GetValueOrDefault(key);

    public static bool IsField(string key) => ByKey.ContainsKey(key);

    /// <summary><c>optimizer</c> and <c>tower</c> are two ways to write the same setting: one slot.</summary>
    public static string Slot(string key) => key == Tower ? Optimizer : key;
}
