namespace HdCluster.Reports.Charts;

/// <summary>
/// One bar per category of the x axis. Several bar series on one axes stand side by side within each
/// category, in the order they were added. A light bar (filled pale, outlined in the colour with the
/// series' dash) is the variant of the solid bar of the same colour.
/// </summary>
public sealed class BarSeries : Series
{
    public BarSeries(string label, Color color, IEnumerable<BarValue> values)
        : base(label, color)
    {
        Values = values.ToArray();
    }

    public IReadOnlyList<BarValue> Values { get; }

    public bool Light { get; init; }

    public Dash Dash { get; init; } = Dash.Solid;

    public override IEnumerable<double> XValues => Enumerable.Range(0, Values.Count).Select(i => (double)i);

    public override IEnumerable<double> YValues => Values.Where(v => v.Value.HasValue).Select(v => v.Value!.Value);

    public override LegendEntry LegendEntry() => new(Label, SwatchKind.Box, Color) { Light = Light, Dash = Dash };
}
