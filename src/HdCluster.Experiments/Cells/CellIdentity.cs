using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HdCluster.Experiments;

/// <summary>
/// A cell's identity: the first 16 hex digits of the SHA-256 of its normalised settings. Normalising fills in
/// every default, writes the optimizer spec in its canonical form and numbers in invariant round-trip form, and
/// sorts the keys, so the same run gets the same id in any sweep file, however it was spelled there. Results are
/// stored under this id, which is what lets a sweep resume and two sweeps share finished cells.
/// </summary>
public static class CellIdentity
{
    /// <summary>Bumped if normalisation ever changes meaning, so old and new ids cannot collide.</summary>
    private const string Version = "hdcluster-cell/1";

    [ThreadStatic]
    private static StringBuilder? builder;

    public static string Of(CellConfig config) => Convert.ToHexStringLower(BitConverter.GetBytes(BinaryPrimitives.ReverseEndianness(Key(config))));

    /// <summary>The id as a number (its 16 hex digits read as one 64-bit value): the same cells, the same key, for
    /// telling cells apart without keeping their ids as text.</summary>
    public static ulong Key(CellConfig config)
    {
        // Sweeps hash every cell when they load; one builder per thread keeps that from allocating one per cell.
        var text = (builder ??= new StringBuilder(512)).Clear().Append(Version).Append('\n');
        foreach (var (key, value) in Settings(config))
        {
            text.Append(key).Append('=').Append(value).Append('\n');
        }

        var length = Encoding.UTF8.GetMaxByteCount(text.Length);
        var bytes = length <= 2048 ? stackalloc byte[length] : new byte[length];
        var written = Encoding.UTF8.GetBytes(text.ToString(), bytes);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes[..written], hash);
        return BinaryPrimitives.ReadUInt64BigEndian(hash);
    }

    /// <summary>Every setting of the cell, keyed by its sweep-file name and sorted by key, defaults filled in.
    /// Absent budgets and limits read <c>null</c>; models without an MLP body keep <c>hidden</c> as written. The
    /// optimizer spec must parse.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Settings(CellConfig config) =>
    [
        // Written in ordinal key order, which the id depends on.
        new("batch_size", Number(config.BatchSize)),
        new("dataset", config.ResolvedDataset),
        new("device", config.CanonicalDevice),
        new("dtype", config.CanonicalDtype),
        new("epochs", Number(config.Epochs)),
        new("hidden", config.ResolvedHidden is { } widths ? $"[{string.Join(",", widths.Select(w => w.ToString(CultureInfo.InvariantCulture)))}]" : "null"),
        new("model", config.Model),
        new("normalize", config.ResolvedNormalize ? "true" : "false"),
        new("optimizer", config.ParsedOptimizer.Canonical),
        new("record_every", Number(config.RecordEvery)),
        new("seed", Number(config.Seed)),
        new("steps", Number(config.Steps)),
        new("train_limit", Number(config.TrainLimit)),
        new("valid_limit", Number(config.ValidLimit)),
        new("wall_seconds", config.WallSeconds is { } w ? w.ToString("R", CultureInfo.InvariantCulture) : "null"),
    ];

    private static string Number(long? n) => n is { } v ? v.ToString(CultureInfo.InvariantCulture) : "null";
}
