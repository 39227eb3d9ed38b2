namespace HdCluster.Results.Store;

/// <summary>What the store requires of a batch before writing it.</summary>
internal static class BatchRules
{
    internal static void Validate(TableKind kind, IReadOnlyList<ResultTable> tables)
    {
        foreach (var table in tables)
        {
            ArgumentNullException.ThrowIfNull(table, nameof(tables));
            Validate(kind, table);
        }

        if (kind != TableKind.Cells)
        {
            return;
        }

        // Within one part, "last written" has no order; so a part must say each cell once.
        var duplicate = tables
            .SelectMany(table => CellIds(table))
            .GroupBy(cellId => cellId, StringComparer.Ordinal)
            .FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Cell '{duplicate.Key}' appears {duplicate.Count()} times in one cells batch; write each cell once.", nameof(tables));
        }
    }

    private static void Validate(TableKind kind, ResultTable table)
    {
        foreach (var column in table.Columns)
        {
            if (column.Name.StartsWith(StoreColumns.ReservedPrefix, StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"Column '{column.Name}' of the {kind.Name()} batch starts with '{StoreColumns.ReservedPrefix}', which is reserved for the store.",
                    nameof(table));
            }
        }

        RequireKey(kind, table, ResultsStore.CellIdColumn);
        RequireKey(kind, table, ResultsStore.AttemptColumn);
    }

    private static IEnumerable<string> CellIds(ResultTable table)
    {
        var index = table.IndexOf(ResultsStore.CellIdColumn);
        return table.RawRows.Select(row => (string)row[index]!);
    }

    private static void RequireKey(TableKind kind, ResultTable table, string name)
    {
        var index = table.IndexOf(name);
        if (index < 0 || table.Columns[index].Type != ColumnType.Varchar)
        {
            throw new ArgumentException($"A {kind.Name()} batch needs a Varchar column '{name}'.", nameof(table));
        }

        var rowNumber = 0;
        foreach (var row in table.RawRows)
        {
            if (string.IsNullOrEmpty((string?)row[index]))
            {
                throw new ArgumentException($"Row {rowNumber} of the {kind.Name()} batch has no '{name}'.", nameof(table));
            }

            rowNumber++;
        }
    }
}
