using HdCluster.Experiments;

namespace HdCluster.Sweeps;

/// <summary>
/// A sweep's cells as a table for <c>hdc validate</c>: id, model and optimizer, then only the settings and
/// variables that differ between cells, since the ones every cell shares say nothing about any one of them.
/// Plain data; the CLI draws it.
/// </summary>
public sealed record SweepTable(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    public static SweepTable From(Sweep sweep)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        var settings = sweep.Cells.Select(c => CellIdentity.Settings(c.Config).ToDictionary(kv => kv.Key, kv => kv.Value)).ToList();

        // Settings in the file's order of keys; the canonical optimizer differs exactly when the written one does.
        var varyingSettings = SettingFields.All
            .Select(f => f.Key)
            .Where(k => k is not ("model" or SettingFields.Optimizer or SettingFields.Tower))
            .Where(k => settings.Select(s => s[k]).Distinct().Skip(1).Any())
            .ToList();
        var variableNames = sweep.Cells.SelectMany(c => c.Variables.Keys).Distinct().ToList();
        var varyingVariables = variableNames
            .Where(v => sweep.Cells.Select(c => c.Variables.GetValueOrDefault(v)).Distinct().Skip(1).Any())
            .ToList();

        var headers = new List<string> { "id", "model", "optimizer" };
        headers.AddRange(varyingSettings);
        headers.AddRange(varyingVariables);
        var rows = sweep.Cells.Select((cell, i) =>
        {
            var row = new List<string> { cell.Id, cell.Config.Model, cell.Config.Optimizer };
            row.AddRange(varyingSettings.Select(k => settings[i][k]));
            row.AddRange(varyingVariables.Select(v => cell.Variables.GetValueOrDefault(v) ?? ""));
            return (IReadOnlyList<string>)row;
        }).ToList();
        return new SweepTable(headers, rows);
    }
}
