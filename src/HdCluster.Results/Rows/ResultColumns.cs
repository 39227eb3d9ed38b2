using HdCluster.Experiments;

namespace HdCluster.Results;

/// <summary>The store's column for a column of the result schema.</summary>
public static class ResultColumns
{
    public static ResultColumn From(SchemaColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        return new ResultColumn(column.Name, TypeOf(column.Kind), column.Nullable);
    }

    public static ColumnType TypeOf(ValueKind kind) => kind switch
    {
        ValueKind.Varchar => ColumnType.Varchar,
        ValueKind.Double => ColumnType.Double,
        ValueKind.BigInt => ColumnType.BigInt,
        ValueKind.Boolean => ColumnType.Boolean,
        ValueKind.Timestamp => ColumnType.Timestamp,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown value kind"),
    };
}
