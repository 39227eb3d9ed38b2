using ScottPlot;

namespace HdCluster.Reports.Plotting;

/// <summary>
/// A figure of a report: a title and subtitle, panels laid out in a grid (<see cref="Columns"/> across), and one
/// legend for all panels to their right, listing each series once (by its text), then the extra entries
/// (what an 'x' means). Sizes are in CSS pixels; <see cref="SheetRenderer"/> draws it as PNG and SVG.
/// </summary>
public sealed class FigureSheet
{
    private readonly List<Panel> panels = [];
    private readonly List<LegendItem> extraLegend = [];

    public FigureSheet(string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        Title = title;
    }

    public string Title { get; }

    /// <summary>A line under the title: the setting the figure shows (model, data, budget).</summary>
    public string? Subtitle { get; init; }

    public int Columns { get; init; } = 2;

    public int PanelWidth { get; init; } = 440;

    public int PanelHeight { get; init; } = 310;

    public IReadOnlyList<Panel> Panels => panels;

    public Panel AddPanel(string title)
    {
        var panel = new Panel(title);
        panels.Add(panel);
        return panel;
    }

    /// <summary>The panel titled <paramref name="title"/>.</summary>
    public Panel Panel(string title) =>
        panels.SingleOrDefault(p => p.Title == title)
        ?? throw new KeyNotFoundException($"Figure '{Title}' has no panel '{title}' (it has: {string.Join(", ", panels.Select(p => p.Title))}).");

    /// <summary>Adds an entry beyond those of the series (what an 'x' or hatching means), once per text.</summary>
    public void AddLegendEntry(LegendItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (!extraLegend.Any(e => e.LabelText == item.LabelText))
        {
            extraLegend.Add(item);
        }
    }

    /// <summary>The legend as drawn: each series' entry once (first appearance first), then the extra entries.</summary>
    public IReadOnlyList<LegendItem> Legend() =>
        panels.SelectMany(p => p.LegendItems())
            .Concat(extraLegend)
            .DistinctBy(i => i.LabelText)
            .ToArray();

    internal int Rows => Math.Max(1, (panels.Count + Columns - 1) / Columns);
}
