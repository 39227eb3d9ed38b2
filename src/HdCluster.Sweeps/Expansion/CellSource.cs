using System.Collections.Concurrent;
using HdCluster.Experiments;

namespace HdCluster.Sweeps;

/// <summary>
/// A sweep document's raw cells by index, before duplicates are dropped: grid cells first (a mixed-radix number over
/// the axes, the last axis varying fastest), then the explicit cells, or the fixed cell alone. Each cell is built
/// from its index on demand; nothing here grows with the number of cells.
/// </summary>
internal sealed class CellSource
{
    /// <summary>The most cells a sweep may have. Loading builds and checks each (about a million a few seconds) and
    /// keeps a 64-bit id per cell; beyond this a sweep belongs in several files.</summary>
    public const int MaxCells = 2_000_000;

    // Optimizer specs filled from templates repeat across cells (every seed, every batch size): a cell built from a
    // cached prototype shares the prototype's parsed spec. Bounded, so a sampled axis of distinct rates cannot grow it.
    private const int MaxPrototypes = 4096;

    private readonly SweepDocument document;
    private readonly IReadOnlyList<Axis> grid;
    private readonly int gridCount;
    private readonly ConcurrentDictionary<string, CellConfig> prototypes = new(StringComparer.Ordinal);

    public CellSource(SweepDocument document)
    {
        this.document = document;
        grid = document.Grid ?? [];
        long count = grid.Count == 0 ? 0 : 1;
        foreach (var axis in grid)
        {
            count *= axis.Values.Count;
            if (count > MaxCells)
            {
                throw new SweepFileException(grid[0].Position, "grid",
                    $"the grid has {Product(grid)} cells, more than the {MaxCells:N0} a sweep may have; split it into several sweep files (e.g. one per optimizer or model)");
            }
        }

        gridCount = (int)count;
        var explicitCount = document.Cells?.Count ?? 0;
        RawCount = gridCount + explicitCount + (grid.Count == 0 && explicitCount == 0 ? 1 : 0);
        if (RawCount > MaxCells)
        {
            throw new SweepFileException(document.Position, "cells", $"the sweep has {RawCount:N0} cells, more than the {MaxCells:N0} a sweep may have; split it into several sweep files");
        }
    }

    public int RawCount { get; }

    public Candidate CandidateAt(int raw)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(raw);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(raw, RawCount);
        if (raw < gridCount)
        {
            return GridCandidate(raw);
        }

        return document.Cells is { } cells
            ? Explicit(cells[raw - gridCount], raw - gridCount)
            : new Candidate([.. document.Fixed.Settings], NoLabels, document.Fixed.Position, () => "the fixed cell");
    }

    /// <summary>The cell's settings, checked: a cell that cannot start throws <see cref="SweepFileException"/>.</summary>
    public CellConfig Config(Candidate candidate) => Build(candidate, labelled: false).Config;

    /// <summary>The settings of a cell already checked (every cell is, once, when the sweep loads).</summary>
    public CellConfig CheckedConfig(Candidate candidate) => Build(candidate, labelled: false, check: false).Config;

    public SweepCell Build(Candidate candidate) => Build(candidate, labelled: true);

    private Candidate GridCandidate(int raw)
    {
        var settings = new List<Setting>(document.Fixed.Settings);
        var layers = new Layer[grid.Count];
        var rest = raw;
        for (var a = grid.Count - 1; a >= 0; a--)
        {
            layers[a] = grid[a].Values[rest % grid[a].Values.Count];
            rest /= grid[a].Values.Count;
        }

        foreach (var layer in layers)
        {
            settings.AddRange(layer.Settings);
        }

        return new Candidate(settings, NoLabels, grid[0].Position,
            () => $"grid cell ({string.Join(", ", layers.SelectMany(l => l.Settings).Select(s => $"{s.Key}={s.Text}"))})");
    }

    private Candidate Explicit(Layer cell, int index)
    {
        var mine = cell.Settings.Select(s => SettingFields.Slot(s.Key)).ToHashSet(StringComparer.Ordinal);
        var settings = document.Fixed.Settings.Where(s => !mine.Contains(SettingFields.Slot(s.Key))).Concat(cell.Settings).ToList();
        var labels = cell.Settings.Where(s => s.IsVariable).Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        return new Candidate(settings, labels, cell.Position, () => $"cells[{index}]");
    }

    private SweepCell Build(Candidate candidate, bool labelled, bool check = true)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        string? model = null;
        Setting? optimizerSetting = null;
        var d = Defaults;
        string? dataset = d.Dataset, device = d.Device, dtype = d.Dtype;
        int batchSize = d.BatchSize, recordEvery = d.RecordEvery;
        int? epochs = d.Epochs, trainLimit = d.TrainLimit, validLimit = d.ValidLimit;
        long? steps = d.Steps;
        long seed = d.Seed;
        double? wallSeconds = d.WallSeconds;
        IReadOnlyList<long>? hidden = d.Hidden;
        bool? normalize = d.Normalize;
        foreach (var setting in candidate.Settings)
        {
            var value = setting.Value;
            switch (setting.Key)
            {
                case "model": model = value as string; break;
                case SettingFields.Optimizer or SettingFields.Tower: optimizerSetting = setting; break;
                case "dataset": dataset = (string?)value; break;
                case "batch_size": batchSize = (int)value!; break;
                case "epochs": epochs = (int?)value; break;
                case "steps": steps = (long?)value; break;
                case "wall_seconds": wallSeconds = (double?)value; break;
                case "seed": seed = (long)value!; break;
                case "device": device = (string)value!; break;
                case "dtype": dtype = (string)value!; break;
                case "record_every": recordEvery = (int)value!; break;
                case "hidden": hidden = (long[]?)value; break;
                case "normalize": normalize = (bool?)value; break;
                case "train_limit": trainLimit = (int?)value; break;
                case "valid_limit": validLimit = (int?)value; break;
                default: variables[setting.Key] = (string)value!; break;
            }
        }

        if (model is null)
        {
            throw new SweepFileException(candidate.Origin, "model", $"missing in {candidate.Description}; set it in fixed, as a grid axis or in the cell");
        }

        if (optimizerSetting is null)
        {
            throw new SweepFileException(candidate.Origin, "optimizer", $"missing in {candidate.Description}; set optimizer (or tower) in fixed, as a grid axis or in the cell");
        }

        var optimizer = optimizerSetting.Value switch
        {
            Template t => t.Fill(variables, candidate.Describe),
            TowerTemplate t => t.Fill(variables, candidate.Describe),
            _ => throw new InvalidOperationException("the reader types optimizer and tower"),
        };

        // One copy of the prototype with every setting: the prototype carries the parsed optimizer.
        var config = Prototype(optimizer) with
        {
            Model = model,
            Dataset = dataset,
            BatchSize = batchSize,
            Epochs = epochs,
            Steps = steps,
            WallSeconds = wallSeconds,
            Seed = seed,
            Device = device,
            Dtype = dtype,
            RecordEvery = recordEvery,
            Hidden = hidden,
            Normalize = normalize,
            TrainLimit = trainLimit,
            ValidLimit = validLimit,
        };
        if (check && config.Problems() is { Count: > 0 } problems)
        {
            throw Problem(problems, candidate.Settings.ToDictionary(s => SettingFields.Slot(s.Key), StringComparer.Ordinal), candidate);
        }

        if (!labelled)
        {
            return new SweepCell("", config, EmptyLabels, candidate.Origin);
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in variables)
        {
            if (candidate.Labels.Contains(name) || optimizerSetting.Templates.Any(t => t.Names.Contains(name)))
            {
                labels[name] = value;
            }
        }

        return new SweepCell(CellIdentity.Of(config), config, labels, candidate.Origin);
    }

    /// <summary>CellConfig's problems read "field: problem" (or "a/b/c: problem"); point at where that field was
    /// set for this cell, or at the cell when it was not set at all.</summary>
    private static SweepFileException Problem(IReadOnlyList<string> problems, Dictionary<string, Setting> bySlot, Candidate candidate)
    {
        var first = problems[0];
        var colon = first.IndexOf(": ", StringComparison.Ordinal);
        var field = colon > 0 ? first[..colon] : "cell";
        var problem = colon > 0 ? first[(colon + 2)..] : first;
        var position = field.Split('/').Select(f => bySlot.GetValueOrDefault(f)?.Position).FirstOrDefault(p => p != null) ?? candidate.Origin;
        var more = problems.Count > 1 ? $"\n  also: {string.Join("\n  also: ", problems.Skip(1))}" : "";
        // A spec error ends with a caret line under the spec; naming the cell on a line of its own keeps the caret aligned.
        var where = problem.Contains('\n') ? $"\n  in {candidate.Description}" : $" (in {candidate.Description})";
        return new SweepFileException(position, field, $"{problem}{where}{more}");
    }

    private static readonly CellConfig Defaults = new() { Model = "", Optimizer = "" };
    private static readonly IReadOnlyDictionary<string, string> EmptyLabels = new Dictionary<string, string>();
    private static readonly IReadOnlySet<string> NoLabels = new HashSet<string>();

    private CellConfig Prototype(string optimizer)
    {
        if (prototypes.TryGetValue(optimizer, out var prototype))
        {
            return prototype;
        }

        if (prototypes.Count >= MaxPrototypes)
        {
            prototypes.Clear();
        }

        return prototypes.GetOrAdd(optimizer, text => new CellConfig { Model = "", Optimizer = text });
    }

    private static string Product(IReadOnlyList<Axis> axes) =>
        string.Join(" x ", axes.Select(a => a.Values.Count)) + " = " + axes.Aggregate(System.Numerics.BigInteger.One, (n, a) => n * a.Values.Count).ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A cell before it is built: its merged settings, where it came from and how to name it in messages.</summary>
/// <param name="Labels">Variables an explicit cell set itself: kept on the cell even if its optimizer does not use them.</param>
/// <param name="Describe">Names the cell in messages; a function, since only a cell at fault is ever described.</param>
internal sealed record Candidate(List<Setting> Settings, IReadOnlySet<string> Labels, SweepPosition Origin, Func<string> Describe)
{
    public string Description => Describe();
}
