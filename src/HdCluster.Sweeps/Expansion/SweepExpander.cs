using HdCluster.Training;

namespace HdCluster.Sweeps;

/// <summary>
/// Turns a read <see cref="SweepDocument"/> into its cells: the grid's Cartesian product (axes in file order,
/// the last varying fastest), then the explicit cells, each merged over <c>fixed</c>. Every cell is built and
/// checked here, so a sweep that loads has no cell that cannot start.
/// </summary>
internal sealed class SweepExpander
{
    private readonly SweepDocument document;

    private SweepExpander(SweepDocument document)
    {
        this.document = document;
    }

    public static Sweep Expand(SweepDocument document, string sourcePath) => new SweepExpander(document).Run(sourcePath);

    private Sweep Run(string sourcePath)
    {
        CheckVariables();
        CheckGridKeys();

        var candidates = new List<Candidate>();
        if (document.Grid is { } grid)
        {
            candidates.AddRange(Product(grid));
        }

        if (document.Cells is { } cells)
        {
            candidates.AddRange(cells.Select((cell, i) => Explicit(cell, i)));
        }

        if (document.Grid is null && document.Cells is null)
        {
            candidates.Add(new Candidate([.. document.Fixed.Settings], new HashSet<string>(), document.Fixed.Position, "the fixed cell"));
        }

        var built = new List<SweepCell>();
        var firstById = new Dictionary<string, (SweepCell Cell, string Description)>(StringComparer.Ordinal);
        var notes = new List<string>();
        foreach (var candidate in candidates)
        {
            var cell = Build(candidate);
            if (firstById.TryGetValue(cell.Id, out var first))
            {
                notes.Add($"{candidate.Origin}: {candidate.Description} is the same run as {first.Description} (cell {cell.Id}); it is kept once");
                continue;
            }

            firstById[cell.Id] = (cell, candidate.Description);
            built.Add(cell);
        }

        var name = document.Name ?? Path.GetFileNameWithoutExtension(document.File);
        return new Sweep(name, document.Description, document.Fuse, built, notes, sourcePath);
    }

    /// <summary>A key that is not a cell setting must be a variable some template uses; otherwise it is almost
    /// always a misspelled setting, which silently doing nothing would hide.</summary>
    private void CheckVariables()
    {
        var templates = document.Layers.SelectMany(l => l.Templates).ToList();
        foreach (var template in templates)
        {
            var field = template.Names.FirstOrDefault(SettingFields.IsField);
            if (field != null)
            {
                throw new SweepFileException(template.Position, template.Field,
                    $"{{{field}}} names a cell setting; placeholders take template variables (any other key, e.g. alpha_0)");
            }
        }

        var used = templates.SelectMany(t => t.Names).ToHashSet(StringComparer.Ordinal);
        foreach (var setting in document.Layers.SelectMany(l => l.Settings).Where(s => s.IsVariable && !used.Contains(s.Key)))
        {
            throw new SweepFileException(setting.Position, setting.Key,
                $"unknown setting: '{setting.Key}' is not a cell setting and no optimizer uses {{{setting.Key}}}" +
                Suggestions.DidYouMean(setting.Key, SettingFields.All.Select(f => f.Key).Concat(used)));
        }
    }

    /// <summary>Each key is set in one place among fixed and the grid's axes; explicit cells may override fixed.</summary>
    private void CheckGridKeys()
    {
        if (document.Grid is not { } grid)
        {
            return;
        }

        var owner = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var setting in document.Fixed.Settings)
        {
            owner[SettingFields.Slot(setting.Key)] = "fixed";
        }

        foreach (var axis in grid)
        {
            var slots = axis.Values.SelectMany(v => v.Settings).ToList();
            foreach (var setting in slots)
            {
                var slot = SettingFields.Slot(setting.Key);
                if (owner.TryGetValue(slot, out var other) && other != axis.Name)
                {
                    throw new SweepFileException(setting.Position, $"grid.{axis.Name}",
                        $"'{setting.Key}' is set both here and in {(other == "fixed" ? "fixed" : $"grid axis '{other}'")}; set it in one place");
                }
            }

            foreach (var setting in slots)
            {
                owner[SettingFields.Slot(setting.Key)] = axis.Name;
            }
        }
    }

    private IEnumerable<Candidate> Product(IReadOnlyList<Axis> grid)
    {
        var choice = new int[grid.Count];
        while (true)
        {
            var settings = new List<Setting>(document.Fixed.Settings);
            var described = new List<string>();
            for (var a = 0; a < grid.Count; a++)
            {
                var layer = grid[a].Values[choice[a]];
                settings.AddRange(layer.Settings);
                described.AddRange(layer.Settings.Select(s => $"{s.Key}={s.Text}"));
            }

            yield return new Candidate(settings, new HashSet<string>(), grid[0].Position, $"grid cell ({string.Join(", ", described)})");

            var axis = grid.Count - 1;
            while (axis >= 0 && ++choice[axis] == grid[axis].Values.Count)
            {
                choice[axis] = 0;
                axis--;
            }

            if (axis < 0)
            {
                yield break;
            }
        }
    }

    private Candidate Explicit(Layer cell, int index)
    {
        var mine = cell.Settings.Select(s => SettingFields.Slot(s.Key)).ToHashSet(StringComparer.Ordinal);
        var settings = document.Fixed.Settings.Where(s => !mine.Contains(SettingFields.Slot(s.Key))).Concat(cell.Settings).ToList();
        var labels = cell.Settings.Where(s => s.IsVariable).Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        return new Candidate(settings, labels, cell.Position, $"cells[{index}]");
    }

    private SweepCell Build(Candidate candidate)
    {
        var bySlot = candidate.Settings.ToDictionary(s => SettingFields.Slot(s.Key), StringComparer.Ordinal);
        var variables = candidate.Settings.Where(s => s.IsVariable).ToDictionary(s => s.Key, s => (string)s.Value!, StringComparer.Ordinal);

        var model = bySlot.GetValueOrDefault("model")?.Value as string
            ?? throw new SweepFileException(candidate.Origin, "model", $"missing in {candidate.Description}; set it in fixed, as a grid axis or in the cell");
        var optimizerSetting = bySlot.GetValueOrDefault(SettingFields.Optimizer)
            ?? throw new SweepFileException(candidate.Origin, "optimizer", $"missing in {candidate.Description}; set optimizer (or tower) in fixed, as a grid axis or in the cell");
        var optimizer = optimizerSetting.Value switch
        {
            Template t => t.Fill(variables, candidate.Description),
            TowerTemplate t => t.Fill(variables, candidate.Description),
            _ => throw new InvalidOperationException("the reader types optimizer and tower"),
        };

        var config = new CellConfig { Model = model, Optimizer = optimizer };
        foreach (var setting in candidate.Settings.Where(s => !s.IsVariable))
        {
            config = Apply(config, setting);
        }

        var problems = config.Problems();
        if (problems.Count > 0)
        {
            throw Problem(problems, bySlot, candidate);
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

    /// <param name="Labels">Variables an explicit cell set itself: kept on the cell even if its optimizer does not use them.</param>
    private sealed record Candidate(List<Setting> Settings, IReadOnlySet<string> Labels, SweepPosition Origin, string Description);
}
