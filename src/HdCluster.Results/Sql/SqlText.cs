namespace HdCluster.Results.Sql;

/// <summary>
/// Quoting for the few values that must be spliced into SQL text: file paths and identifiers.
/// DuckDB cannot take them as parameters (read_parquet lists inside views), so they are quoted here, in one place.
/// </summary>
internal static class SqlText
{
    internal static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    internal static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    internal static string LiteralList(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(Literal)) + "]";
}
