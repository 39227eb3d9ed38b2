using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using HdCluster.Optim.Specs;
using HdCluster.Torch;
using HdCluster.Training;

namespace HdCluster.Sweeps;

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

    public static string Of(CellConfig config)
    {
        var text = new StringBuilder(Version).Append('\n');
        foreach (var (key, value) in Settings(config))
        {
            text.Append(key).Append('=').Append(value).Append('\n');
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
        return Convert.ToHexStringLower(hash)[..16];
    }

    /// <summary>Every setting of the cell, keyed by its sweep-file name and sorted by key, defaults filled in.
    /// Absent budgets and limits read <c>null</c>. The optimizer spec must parse.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Settings(CellConfig config)
    {
        var settings = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["batch_size"] = Number(config.BatchSize),
            ["dataset"] = config.ResolvedDataset,
            ["device"] = Device.Parse(config.Device).ToString(),
            ["dtype"] = ScalarTypeInfo.Parse(config.Dtype).ToString().ToLowerInvariant(),
            ["epochs"] = Number(config.Epochs),
            ["hidden"] = Hidden(config),
            ["model"] = config.Model,
            ["normalize"] = config.ResolvedNormalize ? "true" : "false",
            ["optimizer"] = OptimizerSpec.Parse(config.Optimizer).Canonical,
            ["record_every"] = Number(config.RecordEvery),
            ["seed"] = Number(config.Seed),
            ["steps"] = Number(config.Steps),
            ["train_limit"] = Number(config.TrainLimit),
            ["valid_limit"] = Number(config.ValidLimit),
            ["wall_seconds"] = config.WallSeconds is { } w ? w.ToString("R", CultureInfo.InvariantCulture) : "null",
        };
        return [.. settings];
    }

    private static string Number(long? n) => n is { } v ? v.ToString(CultureInfo.InvariantCulture) : "null";

    // The widths ModelFactory builds when `hidden` is not given, so that writing the default out changes nothing.
    // Models without an MLP body ignore `hidden`; for them it stays as written.
    private static string Hidden(CellConfig config)
    {
        IReadOnlyList<long>? widths = config.Hidden ?? config.Model switch
        {
            "logreg" => [],
            "mlp" => [1000, 1000],
            "mlp_tanh" => [128],
            _ => null,
        };
        return widths is null ? "null" : $"[{string.Join(",", widths.Select(w => w.ToString(CultureInfo.InvariantCulture)))}]";
    }
}
