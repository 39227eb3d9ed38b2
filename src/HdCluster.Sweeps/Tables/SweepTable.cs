using HdCluster.Experiments;

namespace HdCluster.Sweeps;

/// <summary>
/// A sweep's cells as a table for <c>hdc validate --all</c> and <c>--csv</c>: id, model and optimizer, then only the
/// settings and variables that differ between cells, since the ones every cell shares say nothing about any one of
/// them. Finding the columns takes one pass over the cells and the rows are made as they are read, so a table of a
/// million cells streams. Plain data; the CLI draws it.
/// </summary>
public sealed class SweepTable
{
    private readonly Sweep sweep;
    private readonly IReadOnlyList<string> settings;
    private readonly IReadOnlyList<string> variables;

    private SweepTable(Sweep sweep, IReadOnlyList<string> settings, IReadOnlyList<string> variables)
    {
        this.sweep = sweep;
        this.settings = settings;
        this.variables = variables;
        Headers = ["id", "model", "optimizer", .. settings, .. variables];
    }

    public IReadOnlyList<string> Headers { get; }

    /// <summary>One row per cell in sweep order, each as long as <see cref="Headers"/>; made as enumerated.</summary>
    public IEnumerable<IReadOnlyList<string>> Rows => sweep.Cells.Select(Row);

    public static SweepTable From(Sweep sweep)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        var first = new Dictionary<string, string>(StringComparer.Ordinal);
        var varying = new HashSet<string>(StringComparer.Ordinal);
        var variableOrder = new List<string>();
        var cells = 0;
        foreach (var cell in sweep.Cells)
        {
            foreach (var (key, value) in CellIdentity.Settings(cell.Config))
            {
                Track(key, value);
            }

            foreach (var (name, _) in cell.Variables.Where(v => !first.ContainsKey("$" + v.Key)))
            {
                variableOrder.Add(name);
            }

            // A variable a cell lacks reads "", which differs from any value another cell gives it.
            foreach (var name in variableOrder)
            {
                Track("$" + name, cell.Variables.GetValueOrDefault(name) ?? "", lateStart: cells > 0);
            }

            cells++;
        }

        // Settings in the file's order of keys; the canonical optimizer differs exactly when the written one does.
        var varyingSettings = SettingFields.All
            .Select(f => f.Key)
            .Where(k => k is not ("model" or SettingFields.Optimizer or SettingFields.Tower) && varying.Contains(k))
            .ToList();
        return new SweepTable(sweep, varyingSettings, [.. variableOrder.Where(v => varying.Contains("$" + v))]);

        void Track(string key, string value, bool lateStart = false)
        {
            if (!first.TryGetValue(key, out var seen))
            {
                first[key] = value;
                if (lateStart && value.Length > 0)
                {
                    varying.Add(key);
                }
            }
            else if (seen != value)
            {
                varying.Add(key);
            }
        }
    }

    private IReadOnlyList<string> Row(SweepCell cell)
    {
        var all = settings.Count == 0 ? null : CellIdentity.Settings(cell.Config).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        return [cell.Id, cell.Config.Model, cell.Config.Optimizer, .. settings.Select(k => all![k]), .. variables.Select(v => cell.Variables.GetValueOrDefault(v) ?? "")];
    }
}
