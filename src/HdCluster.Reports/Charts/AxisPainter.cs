namespace HdCluster.Reports.Charts;

/// <summary>
/// Draws an x or y axis of a plot: grid lines at major ticks (not for categories), tick marks, tick labels
/// (thinned on x where they would overlap) and the axis label. The group records the scale and limits.
/// </summary>
public static class AxisPainter
{
    public const double TickLength = 4;
    private const string GridColor = "#e8e8e8";
    private const string InkColor = "#444444";

    public static void DrawX(SvgWriter svg, PlotArea area, string label, bool grid)
    {
        var scale = area.X;
        var labelled = scale.Ticks.Where(t => t.Major && t.Label.Length > 0 && scale.Contains(t.Value)).ToArray();
        var stride = XLabelStride(area, labelled);
        Begin(svg, "axis x", scale, label);
        var n = 0;
        foreach (var tick in scale.Ticks.Where(t => scale.Contains(t.Value)))
        {
            var x = area.PixelX(tick.Value);
            if (tick.Major && grid)
            {
                svg.Line(x, area.Top, x, area.Bottom, GridColor, 0.8);
                svg.End();
            }

            svg.Line(x, area.Bottom, x, area.Bottom + (tick.Major ? TickLength : TickLength / 2), InkColor, 0.8);
            svg.End();
            if (tick.Major && tick.Label.Length > 0 && n++ % stride == 0)
            {
                svg.Text(x, area.Bottom + TickLength + 12, tick.Label, TextStyle.Small(TextAnchor.Middle), "tick-label", data: ("value", Invariant(tick.Value)));
            }
        }

        if (label.Length > 0)
        {
            svg.Text(area.Left + (area.Width / 2), area.Bottom + TickLength + 29, label, TextStyle.Normal(TextAnchor.Middle), "axis-label");
        }

        if (scale.Multiplier is { } multiplier)
        {
            svg.Text(area.Right, area.Bottom + TickLength + 27, multiplier, TextStyle.Small(TextAnchor.End), "axis-multiplier");
        }

        svg.End();
    }

    public static void DrawY(SvgWriter svg, PlotArea area, string label, double labelX, bool grid)
    {
        var scale = area.Y;
        Begin(svg, "axis y", scale, label);
        foreach (var tick in scale.Ticks.Where(t => scale.Contains(t.Value)))
        {
            var y = area.PixelY(tick.Value);
            if (tick.Major && grid)
            {
                svg.Line(area.Left, y, area.Right, y, GridColor, 0.8);
                svg.End();
            }

            svg.Line(area.Left - (tick.Major ? TickLength : TickLength / 2), y, area.Left, y, InkColor, 0.8);
            svg.End();
            if (tick.Major && tick.Label.Length > 0)
            {
                svg.Text(area.Left - TickLength - 3, y + 3.5, tick.Label, TextStyle.Small(TextAnchor.End), "tick-label", data: ("value", Invariant(tick.Value)));
            }
        }

        if (label.Length > 0)
        {
            svg.Text(labelX, area.Top + (area.Height / 2), label, TextStyle.Normal(TextAnchor.Middle), "axis-label", rotate: -90);
        }

        if (scale.Multiplier is { } multiplier)
        {
            svg.Text(area.Left, area.Top - 4, multiplier, TextStyle.Small(), "axis-multiplier");
        }

        svg.End();
    }

    /// <summary>The widest y tick label, for the margin left of the plot.</summary>
    public static double WidestLabel(Scale scale) =>
        scale.Ticks.Where(t => t.Major && scale.Contains(t.Value)).Select(t => TextMetrics.Width(t.Label, TextStyle.Small().Size)).DefaultIfEmpty(0).Max();

    private static void Begin(SvgWriter svg, string cssClass, Scale scale, string label)
    {
        var group = svg.Group(cssClass)
            .Data("scale", scale.Kind.ToString().ToLowerInvariant())
            .Data("min", scale.Min)
            .Data("max", scale.Max)
            .Data("label", label);
        if (scale.Multiplier is { } multiplier)
        {
            group.Data("multiplier", multiplier);
        }
    }

    private static int XLabelStride(PlotArea area, IReadOnlyList<Tick> labelled)
    {
        if (labelled.Count < 2)
        {
            return 1;
        }

        var widest = labelled.Max(t => TextMetrics.Width(t.Label, TextStyle.Small().Size)) + 8;
        var spacing = area.Width / (labelled.Count - 1) * (area.X.Fraction(labelled[^1].Value) - area.X.Fraction(labelled[0].Value));
        return spacing <= 0 ? 1 : Math.Max(1, (int)Math.Ceiling(widest / spacing));
    }

    private static string Invariant(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
