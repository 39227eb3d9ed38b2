using HdCluster.Results.Sql;

namespace HdCluster.Results.Store;

/// <summary>The files of both tables at one moment: everything a read or a compaction works from.</summary>
internal sealed record StoreSnapshot(TableFiles Cells, TableFiles Curves)
{
    internal bool HasParts => Cells.AllParts.Any() || Curves.AllParts.Any();

    internal bool AnyFileGone() => Cells.AnyFileGone() || Curves.AnyFileGone();

    /// <summary>Every file the snapshot reads.</summary>
    internal IReadOnlyList<string> AllPaths() => Cells.ReadPaths.Concat(Curves.ReadPaths).ToArray();

    internal static StoreSnapshot Take(StoreFolder folder, ReadOnlyDuckDb connection) =>
        new(Files(folder, connection, TableKind.Cells), Files(folder, connection, TableKind.Curves));

    private static TableFiles Files(StoreFolder folder, ReadOnlyDuckDb connection, TableKind kind)
    {
        var mergedPath = folder.MergedPath(kind);
        var parts = folder.ListParts(kind);
        if (!File.Exists(mergedPath))
        {
            return new TableFiles(kind, null, parts, []);
        }

        if (parts.Count == 0)
        {
            return new TableFiles(kind, mergedPath, parts, []);
        }

        // Reads one dictionary-encoded column of the merged file: cheap, and it makes the
        // "parts already merged" decision from the data itself, with no manifest to keep in step.
        var merged = connection.Query(
            $"SELECT DISTINCT {StoreColumns.Part} FROM read_parquet({SqlText.Literal(mergedPath)})",
            [])
            .Rows.Select(row => (string?)row[0])
            .ToHashSet(StringComparer.Ordinal);
        return new TableFiles(
            kind,
            mergedPath,
            parts.Where(p => !merged.Contains(p.Id)).ToArray(),
            parts.Where(p => merged.Contains(p.Id)).ToArray());
    }
}
