namespace HdCluster.Reports.Charts;

/// <summary>Data drawn on an axes: a label for the legend, a colour, and the values the axes must fit.</summary>
public abstract class Series
{
    protected Series(string label, Color color)
    {
        ArgumentNullException.ThrowIfNull(label);
        Label = label;
        Color = color;
    }

    public string Label { get; }

    public Color Color { get; }

    /// <summary>Whether the series has a legend entry (a run's diverged marker, for one, shares the run's).</summary>
    public bool InLegend { get; init; } = true;

    /// <summary>The x values the x axis must show (non-finite ones are ignored).</summary>
    public abstract IEnumerable<double> XValues { get; }

    /// <summary>The y values the y axis must show (non-finite ones are ignored).</summary>
    public abstract IEnumerable<double> YValues { get; }

    public abstract LegendEntry LegendEntry();
}
