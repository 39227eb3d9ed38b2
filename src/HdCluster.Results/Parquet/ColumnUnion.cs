namespace HdCluster.Results.Parquet;

/// <summary>
/// The columns of several tables as one (a part of many batches, a merged file of many parts): by name,
/// case-insensitive as DuckDB's union_by_name, in order of first appearance. A column whose type differs
/// takes the wider one: BIGINT and DOUBLE widen to DOUBLE, any other mix to VARCHAR.
/// </summary>
internal static class ColumnUnion
{
    internal static IReadOnlyList<(string Name, ColumnType Type)> Of(IEnumerable<IReadOnlyList<(string Name, ColumnType Type)>> schemas)
    {
        var union = new List<(string Name, ColumnType Type)>();
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, type) in schemas.SelectMany(s => s))
        {
            if (!index.TryGetValue(name, out var at))
            {
                index[name] = union.Count;
                union.Add((name, type));
            }
            else if (union[at].Type != type)
            {
                union[at] = (union[at].Name, Wider(union[at].Type, type));
            }
        }

        return union;
    }

    /// <summary>The union of result tables' columns; a column is nullable unless every table has it, never null.</summary>
    internal static IReadOnlyList<ResultColumn> Of(IReadOnlyList<ResultTable> tables)
    {
        var union = Of(tables.Select(t => t.Columns.Select(c => (c.Name, c.Type)).ToArray()));
        return union.Select(column => new ResultColumn(
            column.Name,
            column.Type,
            nullable: tables.Any(t => t.IndexOf(column.Name) is var i && (i < 0 || t.Columns[i].Nullable))))
            .ToArray();
    }

    private static ColumnType Wider(ColumnType a, ColumnType b) =>
        a is ColumnType.BigInt or ColumnType.Double && b is ColumnType.BigInt or ColumnType.Double ? ColumnType.Double : ColumnType.Varchar;
}
