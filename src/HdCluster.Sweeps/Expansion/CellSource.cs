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
    private readonly Dictionary<string, CellConfig> prototypes = new(StringComparer.Ordinal);

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

    private SweepCell Build(Candidate candidate, bool labelled)
    {
        var bySlot = candidate.Settings.ToDictionary(s => SettingFields.Slot(s.Key), StringComparer.Ordinal);
        var variables = candidate.Settings.Where(s => s.IsVariable).ToDictionary(s => s.Key, s => (string)s.Value!, StringComparer.Ordinal);

        var model = bySlot.GetValueOrDefault("model")?.Value as string
            ?? throw new SweepFileException(candidate.Origin, "model", $"missing in {candidate.Description}; set it in fixed, as a grid axis or in the cell");
        var optimizerSetting = bySlot.GetValueOrDefault(SettingFields.Optimizer)
            ?? throw new SweepFileException(candidate.Origin, "optimizer", $"missing in {candidate.Description}; set optimizer (or tower) in fixed, as a grid axis or in the cell");
        var optimizer = optimizerSetting.Value switch
        {
            Template t => t.Fill(variables, candidate.Describe),
            TowerTemplate t => t.Fill(variables, candidate.Describe),
            _ => throw new InvalidOperationException("the reader types optimizer and tower"),
        };

        var config = Prototype(optimizer) with { Model = model };
        foreach (var setting in candidate.Settings.Where(s => !s.IsVariable))
        {
            config = Apply(config, setting);
        }

        var problems = config.Problems();
        if (problems.Count > 0)
        {
            throw Problem(problems, bySlot, candidate);
        }

        if (!labelled)
        {
            return new SweepCell("", config, EmptyLabels, candidate.Origin);
        }

        var used = optimizerSetting.Templates.SelectMany(t => t.Names).ToHashSet(StringComparer.Ordinal);
        var labels = candidate.Settings
            .Where(s => s.IsVariable && (used.Contains(s.Key) || candidate.Labels.Contains(s.Key)))
            .ToDictionary(s => s.Key, s => (string)s.Value!, StringComparer.Ordinal);
        return new SweepCell(CellIdentity.Of(config), config, labels, candidate.Origin);
    }

    private static CellConfig Apply(CellConfig config, Setting setting) => setting.Key switch
    {
        "model" or SettingFields.Optimizer or SettingFields.Tower => config,
        "dataset" => config with { Dataset = (string?)setting.Value },
        "batch_size" => config with { BatchSize = (int)setting.Value! },
        "epochs" => config with { Epochs = (int?)setting.Value },
        "steps" => config with { Steps = (long?)setting.Value },
        "wall_seconds" => config with { WallSeconds = (double?)setting.Value },
        "seed" => config with { Seed = (long)setting.Value! },
        "device" => config with { Device = (string)setting.Value! },
        "dtype" => config with { Dtype = (string)setting.Value! },
        "record_every" => config with { RecordEvery = (int)setting.Value! },
        "hidden" => config with { Hidden = (long[]?)setting.Value },
        "normalize" => config with { Normalize = (bool?)setting.Value },
        "train_limit" => config with { TrainLimit = (int?)setting.Value },
        "valid_limit" => config with { ValidLimit = (int?)setting.Value },
        _ => throw new InvalidOperationException($"no CellConfig property for '{setting.Key}'"),
    };

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

    private static readonly IReadOnlyDictionary<string, string> EmptyLabels = new Dictionary<string, string>();
    private static readonly IReadOnlySet<string> NoLabels = new HashSet<string>();

    private CellConfig Prototype(string optimizer)
    {
        if (!prototypes.TryGetValue(optimizer, out var prototype))
        {
            if (prototypes.Count >= MaxPrototypes)
            {
                prototypes.Clear();
            }

            prototypes[optimizer] = prototype = new CellConfig { Model = "", Optimizer = optimizer };
        }

        return prototype;
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
