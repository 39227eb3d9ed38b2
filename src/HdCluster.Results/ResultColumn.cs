namespace HdCluster.Results;

/// <summary>
/// One column of a <see cref="ResultTable"/>. Names are compared case-insensitively, as
/// DuckDB compares identifiers; names starting with '_' are reserved for the store.
/// </summary>
public sealed record ResultColumn
{
    public ResultColumn(string name, ColumnType type, bool nullable = true)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("A column needs a name.", nameof(name));
        }

        if (name.Any(char.IsControl))
        {
            throw new ArgumentException($"Column name '{name}' contains a control character.", nameof(name));
        }

        if (!Enum.IsDefined(type))
        {
            throw new ArgumentOutOfRangeException(
                nameof(type),
                $"Unknown column type {(int)type} for column '{name}'; known types: {string.Join(", ", Enum.GetNames<ColumnType>())}.");
        }

        Name = name;
        Type = type;
        Nullable = nullable;
    }

    public string Name { get; }

    public ColumnType Type { get; }

    public bool Nullable { get; }
}
