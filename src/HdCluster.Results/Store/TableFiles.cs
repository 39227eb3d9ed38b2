namespace HdCluster.Results.Store;

/// <summary>
/// The files of one table at one moment. <see cref="PendingParts"/> are read alongside the
/// merged file; <see cref="MergedParts"/> are leftovers of a compaction that stopped after
/// writing the merged file but before deleting them: their rows are already in it, so they
/// are not read again (that would duplicate curve rows), only deleted by the next compaction.
/// </summary>
internal sealed record TableFiles(
    TableKind Kind,
    string? MergedPath,
    IReadOnlyList<PartFile> PendingParts,
    IReadOnlyList<PartFile> MergedParts)
{
    internal IReadOnlyList<string> ReadPaths =>
        (MergedPath is null ? Array.Empty<string>() : [MergedPath]).Concat(PendingParts.Select(p => p.Path)).ToArray();

    internal IEnumerable<PartFile> AllParts => PendingParts.Concat(MergedParts);

    /// <summary>True when a file listed here has gone since (a concurrent compaction removed it).</summary>
    internal bool AnyFileGone() => ReadPaths.Concat(MergedParts.Select(p => p.Path)).Any(path => !File.Exists(path));
}
