namespace HdCluster.Results.Store;

/// <summary>
/// Where things live in a sweep's results folder:
/// <code>
/// results/&lt;sweep&gt;/cells.parquet            merged cells (one row per cell)
/// results/&lt;sweep&gt;/curves.parquet           merged curves
/// results/&lt;sweep&gt;/parts/cells-&lt;id&gt;.parquet  one per AppendCells, until compaction
/// results/&lt;sweep&gt;/parts/curves-&lt;id&gt;.parquet one per AppendCurves, until compaction
/// results/&lt;sweep&gt;/.compact.lock           held while a compaction runs
/// results/&lt;sweep&gt;/damaged/                 damaged files set aside by a rebuild, never read again
/// </code>
/// </summary>
internal sealed class StoreFolder
{
    internal StoreFolder(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        PartsPath = System.IO.Path.Combine(Path, "parts");
        LockPath = System.IO.Path.Combine(Path, ".compact.lock");
        DamagedPath = System.IO.Path.Combine(Path, "damaged");
    }

    internal string Path { get; }

    internal string PartsPath { get; }

    internal string LockPath { get; }

    internal string DamagedPath { get; }

    internal string MergedPath(TableKind kind) => System.IO.Path.Combine(Path, $"{kind.Name()}.parquet");

    internal string NewPartPath(TableKind kind, string id) => System.IO.Path.Combine(PartsPath, PartFile.FileName(kind, id));

    /// <summary>Finished parts in write order (their ids sort by time).</summary>
    internal IReadOnlyList<PartFile> ListParts(TableKind kind)
    {
        if (!Directory.Exists(PartsPath))
        {
            return [];
        }

        return Directory.EnumerateFiles(PartsPath)
            .Select(path => PartFile.TryParse(kind, path))
            .OfType<PartFile>()
            .OrderBy(part => part.Id, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>Every data file: the merged files that exist and all finished parts.</summary>
    internal IReadOnlyList<string> DataFiles() =>
        new[] { MergedPath(TableKind.Cells), MergedPath(TableKind.Curves) }.Where(File.Exists)
            .Concat(ListParts(TableKind.Cells).Concat(ListParts(TableKind.Curves)).Select(p => p.Path))
            .ToArray();

    /// <summary>
    /// Temp files older than <paramref name="age"/>: left by writers that crashed, since a live
    /// writer renames its temp file within seconds of creating it.
    /// </summary>
    internal IReadOnlyList<string> StaleTempFiles(TimeSpan age)
    {
        var cutoff = DateTime.UtcNow - age;
        return new[] { Path, PartsPath }
            .Where(Directory.Exists)
            .SelectMany(Directory.EnumerateFiles)
            .Where(path => AtomicFile.IsTempFile(path) && File.GetLastWriteTimeUtc(path) < cutoff)
            .ToArray();
    }
}
