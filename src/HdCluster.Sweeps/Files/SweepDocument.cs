namespace HdCluster.Sweeps;

/// <summary>One key of a cell's settings as written: a typed value for a cell setting, the filled-in text
/// for a template variable.</summary>
/// <param name="Value">string, int, long, double, bool, long[], <see cref="Template"/>, <see cref="TowerTemplate"/>
/// or null (the default) for a setting; string for a variable.</param>
/// <param name="Text">The value as written, for messages and cell descriptions.</param>
internal sealed record Setting(string Key, object? Value, string Text, SweepPosition Position)
{
    public bool IsVariable => !SettingFields.IsField(Key);

    public IEnumerable<Template> Templates => Value switch
    {
        Template t => [t],
        TowerTemplate t => t.Parts,
        _ => [],
    };
}

/// <summary>A mapping of settings: <c>fixed</c>, one value of a grid axis, or one explicit cell.</summary>
internal sealed record Layer(IReadOnlyList<Setting> Settings, SweepPosition Position)
{
    public IEnumerable<Template> Templates => Settings.SelectMany(s => s.Templates);
}

/// <summary>A grid axis. Each value is a layer: one setting named like the axis or, for a linked axis
/// (its values are mappings), several settings that change together.</summary>
/// <param name="Sampling">How a sampled axis's values were drawn, for summaries; null for values written out.</param>
internal sealed record Axis(string Name, IReadOnlyList<Layer> Values, bool Linked, SweepPosition Position, string? Sampling = null);

/// <summary>A sweep file as read, typed but not yet expanded.</summary>
internal sealed record SweepDocument(
    string File,
    string? Name,
    string? Description,
    FuseSetting Fuse,
    Layer Fixed,
    IReadOnlyList<Axis>? Grid,
    IReadOnlyList<Layer>? Cells,
    SweepPosition Position)
{
    public IEnumerable<Layer> Layers =>
        new[] { Fixed }.Concat(Grid?.SelectMany(a => a.Values) ?? []).Concat(Cells ?? []);
}
