using System.Collections.Concurrent;

namespace HdCluster.Data;

/// <summary>
/// Data sets decoded once per process and shared by every cell that trains on them. Decoding MNIST from its gzip
/// files costs about 90 ms of CPU, while a one-step cell of a search trains in a few milliseconds: without sharing,
/// a sweep of many short cells spends most of its time unpacking the same files. An entry is keyed by the files'
/// full paths and remembers each file's length and last write time, so a file replaced on disk is decoded again.
/// A failed decode is not remembered: the next cell sees the same clear error, or the repaired file. The decoded
/// arrays are shared, so every reader treats them as read-only (they are only ever copied from).
/// </summary>
public static class DecodedDataCache
{
    private static readonly ConcurrentDictionary<string, Entry> Entries = new(StringComparer.Ordinal);

    /// <summary>The value decoded from <paramref name="paths"/>, decoding with <paramref name="decode"/> only when
    /// this process has not yet decoded these files as they are now. Concurrent callers wait for one decode.</summary>
    public static T GetOrDecode<T>(IReadOnlyList<string> paths, Func<T> decode)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(decode);
        var full = paths.Select(Path.GetFullPath).ToList();
        var key = typeof(T).FullName + "|" + string.Join('|', full);
        var stamps = Stamps(full);
        while (true)
        {
            var entry = Entries.GetOrAdd(key, _ => new Entry(stamps, decode));
            if (!entry.Stamps.SequenceEqual(stamps))
            {
                // The files changed since they were decoded (or are missing now): drop the stale value.
                Entries.TryRemove(KeyValuePair.Create(key, entry));
                continue;
            }

            try
            {
                return (T)entry.Value.Value;
            }
            catch
            {
                Entries.TryRemove(KeyValuePair.Create(key, entry));
                throw;
            }
        }
    }

    /// <summary>Forgets every decoded data set (their memory is freed once no cell holds them).</summary>
    public static void Clear() => Entries.Clear();

    // A missing file gets a stamp of its own, so the decode runs (and reports the missing file) and a file that
    // appears later is decoded then.
    private static FileStamp[] Stamps(IEnumerable<string> paths) =>
        [.. paths.Select(p => new FileInfo(p) is { Exists: true } info ? new FileStamp(info.Length, info.LastWriteTimeUtc.Ticks) : FileStamp.Missing)];

    private readonly record struct FileStamp(long Length, long WrittenTicks)
    {
        public static readonly FileStamp Missing = new(-1, -1);
    }

    private sealed class Entry(FileStamp[] stamps, Func<object> decode)
    {
        public FileStamp[] Stamps { get; } = stamps;

        public Lazy<object> Value { get; } = new(decode, LazyThreadSafetyMode.ExecutionAndPublication);
    }
}
