namespace HdCluster.Reports.Charts;

/// <summary>What a legend swatch shows: a line sample, a marker, a filled box, or the hatching of diverged cells.</summary>
public enum SwatchKind
{
    Line,
    Marker,
    Box,
    Hatch,
}

/// <summary>One row of a legend: a swatch drawn like the series it stands for, and its label.</summary>
public sealed record LegendEntry(string Label, SwatchKind Swatch, Color Color)
{
    public Dash Dash { get; init; } = Dash.Solid;

    public MarkerShape Marker { get; init; } = MarkerShape.None;

    /// <summary>For boxes: drawn with a light fill, as the bars it stands for.</summary>
    public bool Light { get; init; }

    public double Opacity { get; init; } = 1;

    /// <summary>The entry that explains diverged runs: an 'x' marker.</summary>
    public static LegendEntry Diverged(string label = "diverged") => new(label, SwatchKind.Marker, Color.Black) { Marker = MarkerShape.Cross };

    /// <summary>The entry that explains hatched heatmap cells of diverged runs.</summary>
    public static LegendEntry DivergedCell(string label = "diverged") => new(label, SwatchKind.Hatch, Color.Black);
}
