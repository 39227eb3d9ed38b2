using System.Globalization;

namespace HdCluster.Reports.Data;

/// <summary>One published run's per-epoch numbers: the setting it ran and its points.</summary>
public sealed record PublishedRun(string Model, string Method, double Alpha0, double Beta, IReadOnlyList<PublishedPoint> Points);

/// <summary>A published epoch: epoch 0 is the untrained model; <see cref="AlphaLast"/> is the learning rate after the epoch's last step.</summary>
public sealed record PublishedPoint(int Epoch, long Iteration, double TimeSeconds, double TrainLoss, double ValidLoss, double AlphaLast);

/// <summary>
/// Published learning curves in the form of <c>paper-curves/baydin2018_epochs.csv</c> (columns model, method,
/// alpha_0, beta, epoch, iteration, time_s, train_loss_epoch, valid_loss_epoch, alpha_last, ...), and which
/// of them match a cell: same model, method, alpha_0, and for the HD methods the same beta (the baselines
/// ignore beta, whatever the file says for them).
/// </summary>
public sealed class PublishedCurves
{
    public const string DefaultFileName = "baydin2018_epochs.csv";

    // Our model names for the models the paper files name differently.
    private static readonly Dictionary<string, string> ModelNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["logreg"] = "logreg",
        ["mlp"] = "mlp",
        ["vgg16_bn"] = "vgg",
        ["vgg"] = "vgg",
    };

    private static readonly string[] RequiredColumns = ["model", "method", "alpha_0", "beta", "epoch", "train_loss_epoch", "valid_loss_epoch"];

    public PublishedCurves(string source, IReadOnlyList<PublishedRun> runs)
    {
        Source = source;
        Runs = runs;
    }

    public static PublishedCurves None { get; } = new("", []);

    /// <summary>Where the numbers came from (a file path), for the report to say.</summary>
    public string Source { get; }

    public IReadOnlyList<PublishedRun> Runs { get; }

    public static PublishedCurves Load(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Trim().Length > 0).ToArray();
        if (lines.Length == 0)
        {
            throw new FormatException($"{path}: the file is empty; expected a header with {string.Join(", ", RequiredColumns)}.");
        }

        var header = lines[0].Split(',').Select(h => h.Trim()).ToArray();
        var missing = RequiredColumns.Where(c => !header.Contains(c, StringComparer.OrdinalIgnoreCase)).ToArray();
        if (missing.Length > 0)
        {
            throw new FormatException($"{path}: the header lacks {string.Join(", ", missing)} (it has: {string.Join(", ", header)}).");
        }

        int Column(string name) => Array.FindIndex(header, h => h.Equals(name, StringComparison.OrdinalIgnoreCase));
        var rows = new List<(string Model, string Method, double Alpha, double Beta, PublishedPoint Point)>();
        for (var i = 1; i < lines.Length; i++)
        {
            var fields = lines[i].Split(',');
            if (fields.Length != header.Length)
            {
                throw new FormatException($"{path}:{i + 1}: {fields.Length} fields where the header has {header.Length}.");
            }

            string Text(string name) => fields[Column(name)].Trim();
            double Number(string name)
            {
                var at = Column(name);
                if (at < 0 || fields[at].Trim().Length == 0)
                {
                    return double.NaN;
                }

                return double.TryParse(fields[at], NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
                    ? v
                    : throw new FormatException($"{path}:{i + 1}: {name} '{fields[at]}' is not a number.");
            }

            var point = new PublishedPoint((int)Number("epoch"), (long)(double.IsNaN(Number("iteration")) ? 0 : Number("iteration")), Number("time_s"), Number("train_loss_epoch"), Number("valid_loss_epoch"), Number("alpha_last"));
            rows.Add((Text("model").ToLowerInvariant(), Text("method").ToLowerInvariant(), Number("alpha_0"), Number("beta"), point));
        }

        var runs = rows.GroupBy(r => (r.Model, r.Method, r.Alpha, r.Beta))
            .Select(g => new PublishedRun(g.Key.Model, g.Key.Method, g.Key.Alpha, g.Key.Beta, g.Select(r => r.Point).OrderBy(p => p.Epoch).ToArray()))
            .ToArray();
        return new PublishedCurves(Path.GetFullPath(path), runs);
    }

    /// <summary>
    /// The default file: <c>shared/reference/paper-curves/baydin2018_epochs.csv</c> in any folder above
    /// one of <paramref name="startFolders"/> (the repository sits beside <c>shared/</c>); null when none has it.
    /// </summary>
    public static string? FindDefault(params string[] startFolders)
    {
        foreach (var start in startFolders)
        {
            for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "reference", "paper-curves", DefaultFileName);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>The published run of the same setting as <paramref name="cell"/>, if any.</summary>
    public PublishedRun? Match(CellRow cell)
    {
        if (Runs.Count == 0 || cell.Method.Levels.Count != 1 || !ModelNames.TryGetValue(cell.Model, out var model))
        {
            return null;
        }

        var method = cell.Method.Base.Kind;
        var alpha = cell.Method.Alpha ?? cell.Number("alpha_0");
        if (alpha is null)
        {
            return null;
        }

        var isHd = method.EndsWith("_hd", StringComparison.Ordinal);
        var beta = cell.Method.Beta ?? cell.Number("beta");
        return Runs.FirstOrDefault(r =>
            r.Model == model && r.Method == method && Close(r.Alpha0, alpha.Value) && (!isHd || (beta is { } b && Close(r.Beta, b))));
    }

    private static bool Close(double a, double b) => Math.Abs(a - b) <= 1e-9 * Math.Max(Math.Abs(a), Math.Abs(b));
}
