namespace HdCluster.Reports.Charts;

/// <summary>One panel of a figure: a title, two axes, and what is drawn in it (series, or one heatmap).</summary>
public sealed class Axes
{
    private readonly List<Series> series = [];

    public Axes(string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        Title = title;
    }

    public string Title { get; }

    public Axis X { get; } = new();

    public Axis Y { get; } = new();

    public IReadOnlyList<Series> Series => series;

    public Heatmap? Heatmap { get; private set; }

    /// <summary>Shown in the middle of an axes that has nothing to draw, so an empty panel says why.</summary>
    public string EmptyNote { get; set; } = "no data";

    public bool IsEmpty => Heatmap is null && !series.Any(s => s.YValues.Any(double.IsFinite) || s is ScatterSeries { Points.Count: > 0 } || s is BarSeries b && b.Values.Any(v => v.Diverged));

    public T Add<T>(T item)
        where T : Series
    {
        ArgumentNullException.ThrowIfNull(item);
        if (Heatmap is not null)
        {
            throw new InvalidOperationException($"Axes '{Title}' holds a heatmap; it cannot also hold series.");
        }

        if (item is BarSeries bars && X.Categories is { } categories && bars.Values.Count != categories.Count)
        {
            throw new ArgumentException($"Bar series '{bars.Label}' has {bars.Values.Count} values but the axis has {categories.Count} categories.", nameof(item));
        }

        series.Add(item);
        return item;
    }

    /// <summary>Makes this axes a heatmap: its x and y axes become the heatmap's columns and rows.</summary>
    public Heatmap SetHeatmap(Heatmap heatmap)
    {
        ArgumentNullException.ThrowIfNull(heatmap);
        if (series.Count > 0)
        {
            throw new InvalidOperationException($"Axes '{Title}' holds series; it cannot also hold a heatmap.");
        }

        Heatmap = heatmap;
        X.SetCategories(heatmap.Columns);
        Y.SetCategories(heatmap.Rows);
        return heatmap;
    }
}
