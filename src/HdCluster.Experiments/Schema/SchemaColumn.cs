namespace HdCluster.Experiments;

/// <summary>One column of the result schema.</summary>
/// <param name="Name">The column name as stored and queried.</param>
/// <param name="Nullable">Whether a row may leave it empty (NULL).</param>
public sealed record SchemaColumn(string Name, ValueKind Kind, bool Nullable, ColumnRole Role);
