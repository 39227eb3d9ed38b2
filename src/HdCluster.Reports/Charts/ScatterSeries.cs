namespace HdCluster.Reports.Charts;

/// <summary>
/// Markers at points. A y of +∞ or -∞ is drawn on the top or bottom edge of the plot: how a run that
/// diverged (its loss went to infinity) is shown beside the runs that did not.
/// </summary>
public sealed class ScatterSeries : Series
{
    public ScatterSeries(string label, Color color, IEnumerable<(double X, double Y)> points, MarkerShape marker = MarkerShape.Circle)
        : base(label, color)
    {
        if (marker == MarkerShape.None)
        {
            throw new ArgumentException("A scatter series needs a marker shape.", nameof(marker));
        }

        Points = points.ToArray();
        Marker = marker;
    }

    public IReadOnlyList<(double X, double Y)> Points { get; }

    public MarkerShape Marker { get; }

    public double Size { get; init; } = 8;

    /// <summary>A word for what the markers mean ("diverged"), written into the SVG's class list.</summary>
    public string? Role { get; init; }

    public override IEnumerable<double> XValues => Points.Select(p => p.X);

    public override IEnumerable<double> YValues => Points.Select(p => p.Y);

    public override LegendEntry LegendEntry() => new(Label, SwatchKind.Marker, Color) { Marker = Marker };
}
