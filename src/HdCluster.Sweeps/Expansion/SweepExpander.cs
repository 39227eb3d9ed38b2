using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.ExceptionServices;
using HdCluster.Experiments;

namespace HdCluster.Sweeps;

/// <summary>
/// Checks a read <see cref="SweepDocument"/> and gives its cells lazily: the grid's Cartesian product (axes in file
/// order, the last varying fastest), then the explicit cells, each merged over <c>fixed</c>. Loading builds and checks
/// every cell once, keeping only their 64-bit ids to find duplicates, so a sweep that loads has no cell that cannot
/// start, and no cell object outlives its use: <see cref="SweepCells"/> builds a cell again when it is asked for.
/// </summary>
internal sealed class SweepExpander
{
    /// <summary>Duplicate notes beyond this many are counted, not listed.</summary>
    private const int MaxNotes = 20;

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
        var source = new CellSource(document);
        var (duplicates, notes) = FindDuplicates(source);
        var name = document.Name ?? Path.GetFileNameWithoutExtension(document.File);
        return new Sweep(name, document.Description, document.Fuse, new SweepCells(source, duplicates), notes, sourcePath)
        {
            Axes = [.. (document.Grid ?? []).Select(a => new SweepAxis(a.Name, a.Sampling, [.. a.Values.Select(v => string.Join(", ", v.Settings.Select(s => a.Linked || a.Sampling is not null ? $"{s.Key}={s.Text}" : s.Text)))]))],
        };
    }

    /// <summary>Builds every cell once (which checks it) and returns the sorted raw indices of the cells that repeat an
    /// earlier one, with a note for each (the first <see cref="MaxNotes"/>). The cells are built in parallel; a mistake
    /// is reported for the first cell at fault in sweep order, as a sequential pass would.</summary>
    private static (int[] Duplicates, List<string> Notes) FindDuplicates(CellSource source)
    {
        var keys = new ulong[source.RawCount];
        var fault = (Index: int.MaxValue, Error: (Exception?)null);
        Parallel.ForEach(Partitioner.Create(0, source.RawCount, 4096), range =>
        {
            for (var raw = range.Item1; raw < range.Item2 && raw < Volatile.Read(ref fault.Index); raw++)
            {
                try
                {
                    keys[raw] = CellIdentity.Key(source.Config(source.CandidateAt(raw)));
                }
                catch (SweepFileException e)
                {
                    lock (keys)
                    {
                        if (raw < fault.Index)
                        {
                            fault = (raw, e);
                        }
                    }

                    return;
                }
            }
        });
        if (fault.Error is { } error)
        {
            ExceptionDispatchInfo.Throw(error);
        }

        var first = new Dictionary<ulong, int>(source.RawCount);
        var duplicates = new List<int>();
        var notes = new List<string>();
        for (var raw = 0; raw < source.RawCount; raw++)
        {
            if (first.TryAdd(keys[raw], raw))
            {
                continue;
            }

            duplicates.Add(raw);
            if (notes.Count < MaxNotes)
            {
                var candidate = source.CandidateAt(raw);
                var earlier = source.CandidateAt(first[keys[raw]]);
                notes.Add($"{candidate.Origin}: {candidate.Description} is the same run as {earlier.Description} (cell {source.Build(earlier).Id}); it is kept once");
            }
        }

        if (duplicates.Count > MaxNotes)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{duplicates.Count - MaxNotes} more cells repeat earlier ones; each is kept once"));
        }

        return ([.. duplicates], notes);
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

}
