namespace HdCluster.Results.Store;

/// <summary>
/// Files appear under their final name only when complete: they are written under a temp
/// name in the same folder (same file system, so the rename is atomic), flushed to disk, then
/// renamed. A crash leaves at most a temp file, which readers never look at.
/// </summary>
internal static class AtomicFile
{
    private const string TempSuffix = ".tmp";

    /// <summary>Hidden (leading dot) and suffixed, so no reader's pattern can match it.</summary>
    internal static string TempPathFor(string finalPath) =>
        Path.Combine(Path.GetDirectoryName(finalPath)!, $".{Path.GetFileName(finalPath)}.{Guid.NewGuid():N}{TempSuffix}");

    internal static bool IsTempFile(string path)
    {
        var name = Path.GetFileName(path);
        return name.StartsWith('.') && name.EndsWith(TempSuffix, StringComparison.Ordinal);
    }

    /// <summary>Flushes <paramref name="tempPath"/> to disk and renames it to <paramref name="finalPath"/>.</summary>
    internal static void Commit(string tempPath, string finalPath, bool replace)
    {
        // Without the flush, a power loss after the rename could leave a complete name with
        // incomplete content; DuckDB closes the file but does not sync it.
        using (var stream = new FileStream(tempPath, FileMode.Open, FileAccess.ReadWrite, FileShare.Read))
        {
            stream.Flush(flushToDisk: true);
        }

        File.Move(tempPath, finalPath, replace);
    }

    internal static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Only temp files are deleted this way; a leftover one is ignored by readers.
        }
    }
}
