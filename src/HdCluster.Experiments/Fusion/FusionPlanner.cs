using System.Globalization;

namespace HdCluster.Experiments;

/// <summary>
/// Partitions cells into groups that can train as one fused model: the same MLP architecture, data (set, limits,
/// normalisation), batch size, budget, dtype, device and optimizer structure (<see cref="OptimizerStructure"/>).
/// Seeds, record strides and every optimizer value may differ. Groups keep the input order, hold at most
/// <see cref="MaxGroupSize"/> cells, and a bucket larger than that is split into groups of even size.
/// </summary>
public sealed class FusionPlanner
{
    /// <summary>The models a fused group can hold: the MLPs (logistic regression included).</summary>
    public static readonly IReadOnlyList<string> FusableModels = ["logreg", "mlp", "mlp_tanh"];

    public int MaxGroupSize { get; init; } = 64;

    /// <summary>Fuse the Baydin methods that run one program (see <see cref="OptimizerStructure"/>); off, each method
    /// is a structure of its own.</summary>
    public bool MergeMethods { get; init; } = true;

    public FusionPlan Plan(IReadOnlyList<CellConfig> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var layout = Layout(cells);
        return new FusionPlan(
            [.. layout.Groups.Select((g, index) => new FusedGroup(index, g.Cells, [.. g.Cells.Select(i => cells[i])], g.Structure))],
            [.. layout.Alone.Select(a => new UnfusedCell(a.Cell, cells[a.Cell], a.Reason))]);
    }

    /// <summary>
    /// <see cref="Plan"/> as positions, in one pass over <paramref name="cells"/> (which may be computed as they are
    /// read): what is kept is each cell's position, the settings of the first cell of each bucket, and one string per
    /// distinct reason for training alone.
    /// </summary>
    public FusionLayout Layout(IEnumerable<CellConfig> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxGroupSize, 1);
        var reasons = new Dictionary<string, string>(StringComparer.Ordinal);
        string Shared(string reason) => reasons.TryGetValue(reason, out var same) ? same : reasons[reason] = reason;
        var alone = new List<AlonePosition>();
        var buckets = new Dictionary<string, (CellConfig First, List<int> Cells)>(StringComparer.Ordinal);
        var order = new List<string>();
        var i = 0;
        foreach (var cell in cells)
        {
            if (WhyNotFusable(cell) is { } reason)
            {
                alone.Add(new AlonePosition(i++, Shared(reason)));
                continue;
            }

            var key = Key(cell);
            if (!buckets.TryGetValue(key, out var bucket))
            {
                buckets[key] = bucket = (cell, []);
                order.Add(key);
            }

            bucket.Cells.Add(i++);
        }

        var groups = new List<FusedPositions>();
        foreach (var (first, members) in order.Select(k => buckets[k]))
        {
            if (members.Count == 1)
            {
                alone.Add(new AlonePosition(members[0], Shared(WhyNoPartner(first))));
                continue;
            }

            if (MaxGroupSize == 1)
            {
                alone.AddRange(members.Select(m => new AlonePosition(m, "the largest group allowed is one cell")));
                continue;
            }

            var structure = Structure(first);
            var start = 0;
            foreach (var size in EvenParts(members.Count, MaxGroupSize))
            {
                groups.Add(new FusedPositions(members.GetRange(start, size).ToArray(), first, structure));
                start += size;
            }
        }

        alone.Sort((a, b) => a.Cell.CompareTo(b.Cell));
        return new FusionLayout(groups, alone);
    }

    /// <summary>Why this cell cannot be in any fused group, or null when it can.</summary>
    public static string? WhyNotFusable(CellConfig cell)
    {
        var problems = cell.Problems();
        return problems.Count > 0 ? $"invalid cell: {string.Join("; ", problems)}" : WhyValidCellDoesNotFuse(cell);
    }

    /// <summary><see cref="WhyNotFusable"/> for a cell known to be valid (every cell of a loaded sweep is), which
    /// skips checking it again.</summary>
    public static string? WhyValidCellDoesNotFuse(CellConfig cell)
    {
        if (!FusableModels.Contains(cell.Model))
        {
            return $"model {cell.Model} is not an MLP; convolutional and recurrent models train unfused";
        }

        if (cell.ResolvedDataset != "mnist")
        {
            return $"data set {cell.ResolvedDataset} is not MNIST; only unaugmented image data fuses";
        }

        return null;
    }

    /// <summary>Whether <paramref name="a"/> and <paramref name="b"/> can train in one fused group.</summary>
    public bool Fuses(CellConfig a, CellConfig b) => WhyNotFusable(a) is null && WhyNotFusable(b) is null && Key(a) == Key(b);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first cell and field that keep these cells from being
    /// one fused group.</summary>
    public void CheckOneGroup(IReadOnlyList<CellConfig> cells)
    {
        if (cells.Count == 0)
        {
            throw new ArgumentException("a fused group needs at least one cell", nameof(cells));
        }

        if (cells.Count > MaxGroupSize)
        {
            throw new ArgumentException($"{cells.Count} cells exceed the largest group allowed ({MaxGroupSize})", nameof(cells));
        }

        for (var k = 0; k < cells.Count; k++)
        {
            if (WhyNotFusable(cells[k]) is { } reason)
            {
                throw new ArgumentException($"cell {k} cannot fuse: {reason}", nameof(cells));
            }
        }

        var reference = Fields(cells[0]);
        for (var k = 1; k < cells.Count; k++)
        {
            var fields = Fields(cells[k]);
            for (var f = 0; f < fields.Count; f++)
            {
                if (fields[f].Value != reference[f].Value)
                {
                    throw new ArgumentException($"cell {k} differs from cell 0 in {fields[f].Name} ({fields[f].Value} vs {reference[f].Value}), so they do not fuse", nameof(cells));
                }
            }
        }
    }

    /// <summary>Cells with the same key (and each fusable) can train in one group.</summary>
    public string GroupKey(CellConfig cell) => Key(cell);

    /// <summary>Why a fusable cell with no partner trains alone.</summary>
    public string WhyNoPartner(CellConfig cell) =>
        $"no other cell shares its model, data, batch size, budget, dtype, device and optimizer structure ({Structure(cell)})";

    /// <summary>Sizes of the even parts, at most <paramref name="max"/> each, that <paramref name="count"/> cells split
    /// into: 10 by 4 is 4, 3, 3.</summary>
    public static IEnumerable<int> EvenParts(int count, int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var parts = (count + max - 1) / max;
        for (var p = 0; p < parts; p++)
        {
            yield return (count / parts) + (p < count % parts ? 1 : 0);
        }
    }

    private string Key(CellConfig cell) => string.Join("|", Fields(cell).Select(f => $"{f.Name}={f.Value}"));

    private string Structure(CellConfig cell) => OptimizerStructure.Of(cell.ResolvedOptimizer, MergeMethods);

    // What a fused group shares, each with the name a researcher knows it by.
    private List<(string Name, string Value)> Fields(CellConfig cell) =>
    [
        ("model", $"{cell.Model} {string.Join("-", Widths(cell))}"),
        ("dataset", cell.ResolvedDataset),
        ("normalize", cell.ResolvedNormalize.ToString()),
        ("train_limit", cell.TrainLimit?.ToString(CultureInfo.InvariantCulture) ?? "all"),
        ("valid_limit", cell.ValidLimit?.ToString(CultureInfo.InvariantCulture) ?? "all"),
        ("batch_size", cell.BatchSize.ToString(CultureInfo.InvariantCulture)),
        ("epochs", cell.Epochs?.ToString(CultureInfo.InvariantCulture) ?? "none"),
        ("steps", cell.Steps?.ToString(CultureInfo.InvariantCulture) ?? "none"),
        ("wall_seconds", cell.WallSeconds?.ToString("R", CultureInfo.InvariantCulture) ?? "none"),
        ("dtype", cell.CanonicalDtype),
        ("device", cell.CanonicalDevice),
        ("optimizer structure", Structure(cell)),
    ];

    /// <summary>Hidden widths as the model is built (<see cref="CellConfig.ResolvedHidden"/>).</summary>
    public static IReadOnlyList<long> Widths(CellConfig cell) => cell.ResolvedHidden ?? [];

    /// <summary>How many numbers a cell's model trains (weights and biases).</summary>
    public static long ParameterCount(CellConfig cell)
    {
        var widths = new List<long> { 784 };
        widths.AddRange(Widths(cell));
        widths.Add(10);
        long parameters = 0;
        for (var i = 0; i + 1 < widths.Count; i++)
        {
            parameters += (widths[i] + 1) * widths[i + 1];
        }

        return parameters;
    }

    /// <summary>
    /// The largest group worth fusing on a CPU. Every step the optimizer runs over all the group's parameters,
    /// gradients and state (about six copies) a dozen times; while they fit in the last-level cache
    /// (<paramref name="cacheBytes"/>) that is cheap, beyond it each pass runs at memory speed and the group steps
    /// slower than its cells would alone (measured: 784-1000-1000-10 in groups of 12-24, 0.4x). One, no fusion, when
    /// a single cell does not fit.
    /// </summary>
    public static int MaxGroupOnCpu(CellConfig cell, long cacheBytes = 32L << 20)
    {
        var size = cell.CanonicalDtype == "float64" ? 8 : 4;
        return (int)Math.Clamp(cacheBytes / (ParameterCount(cell) * size * 6), 1, int.MaxValue);
    }

    /// <summary>
    /// A cell's share of a fused group's device memory, roughly: the parameters four times over (values, gradients and
    /// two tensors of optimizer state) and the activations of a batch, each kept for the backward pass, plus the
    /// batch's inputs. For choosing a group size from a device's free memory.
    /// </summary>
    public static long EstimateCellBytes(CellConfig cell)
    {
        var parameters = ParameterCount(cell);
        var activations = (long)cell.BatchSize * (784 + Widths(cell).Sum() + 10) * 3;
        var size = cell.CanonicalDtype == "float64" ? 8 : 4;
        return ((parameters * 4) + activations) * size;
    }

    /// <summary>The largest group that fits in <paramref name="memoryBytes"/> (leaving a quarter free), at least one.</summary>
    public static int MaxGroupFor(CellConfig cell, long memoryBytes) =>
        (int)Math.Clamp(memoryBytes * 3 / 4 / Math.Max(1, EstimateCellBytes(cell)), 1, int.MaxValue);
}
