using System.Globalization;
using System.Text.Json;
using HdCluster.Experiments;
using HdCluster.Models;

namespace HdCluster.Training.Replay;

/// <summary>
/// One folder of golden optimizer trajectories (format: shared/reference/optimizer-traces/README.md):
/// the model, data slice, batch order, initial weights and optimizer, and the per-step trace.
/// Reading is strict: a key this reader does not understand is an error naming it, never ignored,
/// because an ignored setting would make a passing replay meaningless.
/// </summary>
public sealed record ReferenceCase(
    string Name,
    string Directory,
    IReadOnlyList<long> Hidden,
    Activation Activation,
    MlpHead Head,
    int FirstN,
    double[]? Normalize,
    int BatchSize,
    int Steps,
    string OptimizerSpec,
    IReadOnlyList<(string Name, long[] Shape, string File)> Init,
    int[] Batches,
    IReadOnlyList<string> TraceColumns,
    IReadOnlyList<double[]> TraceRows)
{
    private static readonly string[] TopKeys = ["model", "loss", "data", "batch_size", "steps", "seed", "dtype", "optimizer", "name", "init"];
    private static readonly string[] ModelKeys = ["kind", "hidden", "activation", "head"];
    private static readonly string[] DataKeys = ["dataset", "first_n", "normalize", "batches_file"];
    private static readonly string[] BaydinKeys = ["family", "method", "lr", "hypergrad_lr", "weight_decay", "momentum"];
    private static readonly string[] LevelKeys = ["opt", "alpha", "mu", "beta1", "beta2", "gamma", "eps"];

    public static ReferenceCase Load(string directory)
    {
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(directory));
        var casePath = Path.Combine(directory, "case.json");
        if (!File.Exists(casePath))
        {
            throw new ReplayCaseException(name, $"'{casePath}' does not exist");
        }

        using var document = JsonDocument.Parse(File.ReadAllText(casePath));
        var root = document.RootElement;
        Known(name, root, TopKeys, "");
        var model = Required(name, root, "model");
        Known(name, model, ModelKeys, "model.");
        if (Str(name, model, "kind") != "mlp")
        {
            throw new ReplayCaseException(name, $"unknown model.kind '{Str(name, model, "kind")}' (expected mlp)");
        }

        var hidden = Required(name, model, "hidden").EnumerateArray().Select(e => e.GetInt64()).ToList();
        var activation = model.TryGetProperty("activation", out var a) ? ParseActivation(name, a.GetString()) : Activation.Relu;
        var head = model.TryGetProperty("head", out var h) ? ParseHead(name, h.GetString()) : MlpHead.Logits;
        var loss = Str(name, root, "loss");
        var expectedLoss = head == MlpHead.TanhLogSoftmax ? "nll" : "cross_entropy";
        if (loss != expectedLoss)
        {
            throw new ReplayCaseException(name, $"loss '{loss}' does not go with model.head (expected {expectedLoss})");
        }

        if (root.TryGetProperty("dtype", out var dtype) && dtype.GetString() != "float64")
        {
            throw new ReplayCaseException(name, $"dtype '{dtype.GetString()}' is not supported (traces are float64)");
        }

        var data = Required(name, root, "data");
        Known(name, data, DataKeys, "data.");
        if (Str(name, data, "dataset") != "mnist-train")
        {
            throw new ReplayCaseException(name, $"unknown data.dataset '{Str(name, data, "dataset")}' (expected mnist-train)");
        }

        var firstN = Required(name, data, "first_n").GetInt32();
        var normalize = data.TryGetProperty("normalize", out var n) ? n.EnumerateArray().Select(e => e.GetDouble()).ToArray() : null;
        var batchSize = Required(name, root, "batch_size").GetInt32();
        var steps = Required(name, root, "steps").GetInt32();
        var spec = OptimizerSpecOf(name, Required(name, root, "optimizer"));

        var init = new List<(string, long[], string)>();
        foreach (var entry in Required(name, root, "init").EnumerateObject())
        {
            Known(name, entry.Value, ["file", "shape"], $"init.{entry.Name}.");
            init.Add((entry.Name, Required(name, entry.Value, "shape").EnumerateArray().Select(e => e.GetInt64()).ToArray(), Path.Combine(directory, Str(name, entry.Value, "file"))));
        }

        var batches = ReadBatches(name, Path.Combine(directory, Str(name, data, "batches_file")), steps, batchSize, firstN);
        var (columns, rows) = ReadTrace(name, Path.Combine(directory, "trace.csv"), steps);
        return new ReferenceCase(name, directory, hidden, activation, head, firstN, normalize, batchSize, steps, spec, init, batches, columns, rows);
    }

    /// <summary>Writes the case's optimizer in HdCluster's spec language, so a replay also exercises the parser.</summary>
    private static string OptimizerSpecOf(string name, JsonElement optimizer)
    {
        var family = Str(name, optimizer, "family");
        if (family == "baydin")
        {
            Known(name, optimizer, BaydinKeys, "optimizer.");
            var method = Str(name, optimizer, "method");
            var args = new List<string> { $"lr={Num(optimizer, "lr")}" };
            AddIf(args, optimizer, "hypergrad_lr", "beta");
            AddIf(args, optimizer, "weight_decay", "wd");
            AddIf(args, optimizer, "momentum", "mu");
            return $"{method}({string.Join(", ", args)})";
        }

        if (family == "tower")
        {
            Known(name, optimizer, ["family", "levels"], "optimizer.");
            var levels = new List<string>();
            var index = 0;
            foreach (var level in Required(name, optimizer, "levels").EnumerateArray())
            {
                Known(name, level, LevelKeys, $"optimizer.levels[{index}].");
                var args = LevelKeys.Skip(1).Where(k => level.TryGetProperty(k, out _)).Select(k => $"{k}={Num(level, k)}");
                levels.Add($"{Str(name, level, "opt")}({string.Join(", ", args)})");
                index++;
            }

            return levels.Count == 1 ? $"{levels[0]} / none" : string.Join(" / ", levels);
        }

        throw new ReplayCaseException(name, $"unknown optimizer.family '{family}' (expected baydin or tower)");
    }

    private static void AddIf(List<string> args, JsonElement e, string key, string as_)
    {
        if (e.TryGetProperty(key, out _))
        {
            args.Add($"{as_}={Num(e, key)}");
        }
    }

    private static string Num(JsonElement e, string key) => e.GetProperty(key).GetDouble().ToString("R", CultureInfo.InvariantCulture);

    private static int[] ReadBatches(string name, string path, int steps, int batchSize, int firstN)
    {
        if (!File.Exists(path))
        {
            throw new ReplayCaseException(name, $"batches file '{path}' does not exist");
        }

        var bytes = File.ReadAllBytes(path);
        var expected = (long)steps * batchSize * sizeof(int);
        if (bytes.Length != expected)
        {
            throw new ReplayCaseException(name, $"'{path}' holds {bytes.Length} bytes, expected {expected} ({steps} steps x {batchSize} int32)");
        }

        var indices = new int[steps * batchSize];
        Buffer.BlockCopy(bytes, 0, indices, 0, bytes.Length);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("reference traces are little-endian");
        }

        var bad = Array.FindIndex(indices, i => i < 0 || i >= firstN);
        if (bad >= 0)
        {
            throw new ReplayCaseException(name, $"'{path}' index {indices[bad]} at position {bad} is outside the first {firstN} images");
        }

        return indices;
    }

    private static (IReadOnlyList<string>, IReadOnlyList<double[]>) ReadTrace(string name, string path, int steps)
    {
        if (!File.Exists(path))
        {
            throw new ReplayCaseException(name, $"trace '{path}' does not exist");
        }

        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        var columns = lines[0].Split(',');
        if (columns.Length < 2 || columns[0] != "step" || columns[1] != "loss")
        {
            throw new ReplayCaseException(name, $"'{path}' must start with columns step,loss");
        }

        var rows = lines.Skip(1).Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToList();
        if (rows.Count != steps)
        {
            throw new ReplayCaseException(name, $"'{path}' has {rows.Count} rows, the case runs {steps} steps");
        }

        return (columns, rows);
    }

    private static void Known(string name, JsonElement e, string[] keys, string prefix)
    {
        foreach (var property in e.EnumerateObject())
        {
            if (!keys.Contains(property.Name))
            {
                throw new ReplayCaseException(name, $"unknown key '{prefix}{property.Name}' (expected one of {string.Join(", ", keys)})");
            }
        }
    }

    private static JsonElement Required(string name, JsonElement e, string key) =>
        e.TryGetProperty(key, out var value) ? value : throw new ReplayCaseException(name, $"missing key '{key}'");

    private static string Str(string name, JsonElement e, string key) => Required(name, e, key).GetString() ?? "";

    private static Activation ParseActivation(string name, string? value) => value switch
    {
        "relu" => Activation.Relu,
        "tanh" => Activation.Tanh,
        "sigmoid" => Activation.Sigmoid,
        _ => throw new ReplayCaseException(name, $"unknown model.activation '{value}'"),
    };

    private static MlpHead ParseHead(string name, string? value) => value switch
    {
        "tanh_logsoftmax" => MlpHead.TanhLogSoftmax,
        "logits" => MlpHead.Logits,
        _ => throw new ReplayCaseException(name, $"unknown model.head '{value}'"),
    };
}
