namespace HdCluster.Reports.Charts;

/// <summary>What an axes wants of one of its axes: a label, a scale kind, optional fixed limits, or categories.</summary>
public sealed class Axis
{
    public string Label { get; set; } = "";

    public ScaleKind Scale { get; set; } = ScaleKind.Auto;

    public double? Min { get; set; }

    public double? Max { get; set; }

    /// <summary>Ticks at whole numbers only (epochs, tower heights): a linear axis's ticks are then at least 1 apart.</summary>
    public bool IntegerTicks { get; set; }

    /// <summary>Named categories (set for bar charts and heatmaps); the axis is then a <see cref="CategoryScale"/>.</summary>
    public IReadOnlyList<string>? Categories { get; private set; }

    public void SetCategories(IReadOnlyList<string> categories)
    {
        ArgumentNullException.ThrowIfNull(categories);
        Categories = categories;
        Scale = ScaleKind.Category;
    }
}
