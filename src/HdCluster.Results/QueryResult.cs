namespace HdCluster.Results;

/// <summary>
/// A fully read query result: columns in order and rows as value lists (null for SQL NULL).
/// Materialized on purpose: results of sweep queries are tables meant for people to read, and
/// a materialized result owns no native memory, so it can outlive the connection.
/// </summary>
public sealed class QueryResult
{
    internal QueryResult(IReadOnlyList<QueryColumn> columns, IReadOnlyList<IReadOnlyList<object?>> rows)
    {
        Columns = columns;
        Rows = rows;
    }

    public IReadOnlyList<QueryColumn> Columns { get; }

    public IReadOnlyList<IReadOnlyList<object?>> Rows { get; }

    /// <summary>The position of a column, matched case-insensitively as SQL identifiers are.</summary>
    public int IndexOf(string columnName)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (string.Equals(Columns[i].Name, columnName, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        var known = string.Join(", ", Columns.Select(c => c.Name));
        throw new ArgumentException($"The result has no column '{columnName}' (columns: {known}).", nameof(columnName));
    }
}
