namespace HdCluster.Results;

/// <summary>
/// One column of a <see cref="QueryResult"/>: its name, DuckDB's type name (for example
/// "BIGINT" or "DECIMAL(9,2)") and the .NET type its non-null values have.
/// </summary>
public sealed record QueryColumn(string Name, string TypeName, Type ClrType);
