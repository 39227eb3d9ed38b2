namespace HdCluster.Results.Parquet;

/// <summary>
/// The columns of several tables as one (a part of many batches, a merged file of many parts): by name,
/// case-insensitive as DuckDB's union_by_name, in order of first appearance. A column whose type differs
/// takes the wider one: BIGINT and DOUBLE widen to DOUBLE, any other mix to VARCHAR. A column is nullable
/// unless every table has it, never null.
/// </summary>
internal static class ColumnUnion
{
    internal static IReadOnlyList<ResultColumn> Of(IReadOnlyList<IReadOnlyList<ResultColumn>> schemas)
    {
        var union = new List<ResultColumn>();
        var seenIn = new List<int>();
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var schema in schemas)
        {
            foreach (var column in schema)
            {
                if (!index.TryGetValue(column.Name, out var at))
                {
                    index[column.Name] = union.Count;
                    union.Add(column);
                    seenIn.Add(1);
                    continue;
                }

                var known = union[at];
                union[at] = new ResultColumn(known.Name, known.Type == column.Type ? known.Type : Wider(known.Type, column.Type), known.Nullable || column.Nullable);
                seenIn[at]++;
            }
        }

        return union.Select((column, at) => seenIn[at] == schemas.Count || column.Nullable ? column : new ResultColumn(column.Name, column.Type, nullable: true)).ToArray();
    }

    /// <summary>The union of result tables' columns.</summary>
    internal static IReadOnlyList<ResultColumn> Of(IReadOnlyList<ResultTable> tables) => Of(tables.Select(t => t.Columns).ToArray());

    private static ColumnType Wider(ColumnType a, ColumnType b) =>
        a is ColumnType.BigInt or ColumnType.Double && b is ColumnType.BigInt or ColumnType.Double ? ColumnType.Double : ColumnType.Varchar;
}
