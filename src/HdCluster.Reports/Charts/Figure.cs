namespace HdCluster.Reports.Charts;

/// <summary>
/// A figure: a title, panels laid out in a grid (<see cref="Columns"/> across), and one legend shared by
/// all panels, to their right, listing each distinct series once. Sizes are in CSS pixels.
/// </summary>
public sealed class Figure
{
    private readonly List<Axes> panels = [];
    private readonly List<LegendEntry> extraLegend = [];

    public Figure(string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        Title = title;
    }

    public string Title { get; }

    /// <summary>A line under the title: the setting the figure shows (model, data, budget).</summary>
    public string? Subtitle { get; init; }

    public int Columns { get; init; } = 2;

    public double PanelWidth { get; init; } = 400;

    public double PanelHeight { get; init; } = 280;

    public IReadOnlyList<Axes> Panels => panels;

    /// <summary>Entries beyond those of the series, such as what an 'x' means.</summary>
    public IReadOnlyList<LegendEntry> ExtraLegend => extraLegend;

    public Axes AddPanel(string title)
    {
        var axes = new Axes(title);
        panels.Add(axes);
        return axes;
    }

    public void AddLegendEntry(LegendEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!extraLegend.Contains(entry))
        {
            extraLegend.Add(entry);
        }
    }

    /// <summary>The legend as drawn: each series' entry once (first appearance first), then the extra entries.</summary>
    public IReadOnlyList<LegendEntry> Legend() =>
        panels.SelectMany(p => p.Series).Where(s => s.InLegend).Select(s => s.LegendEntry())
            .Concat(extraLegend)
            .Distinct()
            .ToArray();
}
