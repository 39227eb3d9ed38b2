namespace HdCluster.Reports.Charts;

/// <summary>
/// A line through points in order. A NaN y (or a value a log axis cannot show) breaks the line, so gaps
/// in the data stay gaps.
/// </summary>
public sealed class LineSeries : Series
{
    public LineSeries(string label, Color color, IEnumerable<(double X, double Y)> points)
        : base(label, color)
    {
        Points = points.ToArray();
    }

    public IReadOnlyList<(double X, double Y)> Points { get; }

    public Dash Dash { get; init; } = Dash.Solid;

    public double Width { get; init; } = 1.8;

    public MarkerShape Marker { get; init; } = MarkerShape.None;

    public double MarkerSize { get; init; } = 6;

    public double Opacity { get; init; } = 1;

    /// <summary>
    /// Whether the points are joined. Sparse samples on a dense axis (a published value per epoch on an
    /// iteration axis) are better left as markers: a straight line between them would invent a trajectory.
    /// The legend entry is the same either way, so such a series shares its entry with its joined form.
    /// </summary>
    public bool Connect { get; init; } = true;

    public override IEnumerable<double> XValues => Points.Where(p => double.IsFinite(p.Y)).Select(p => p.X);

    public override IEnumerable<double> YValues => Points.Select(p => p.Y);

    public override LegendEntry LegendEntry() =>
        new(Label, SwatchKind.Line, Color) { Dash = Dash, Marker = Marker, Opacity = Opacity };
}
