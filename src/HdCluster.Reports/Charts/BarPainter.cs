namespace HdCluster.Reports.Charts;

/// <summary>
/// Draws the bar series of one axes side by side within each category band, in the order they were
/// added. A diverged run has no bar: an 'x' on the axis in the series' colour stands in its place.
/// </summary>
public static class BarPainter
{
    private const double GroupShare = 0.82;

    public static void Draw(SvgWriter svg, PlotArea area, IReadOnlyList<BarSeries> bars)
    {
        if (bars.Count == 0 || area.X is not CategoryScale categories)
        {
            return;
        }

        var band = area.Width * categories.BandFraction;
        var barWidth = band * GroupShare / bars.Count;
        var baseline = area.Y.Kind == ScaleKind.Log ? area.Bottom : Math.Clamp(area.PixelY(0), area.Top, area.Bottom);
        for (var s = 0; s < bars.Count; s++)
        {
            var series = bars[s];
            svg.Group("series bar")
                .Data("label", series.Label)
                .Data("color", series.Color.Hex)
                .Data("dash", series.Dash.Name())
                .Data("light", series.Light ? "true" : "false");
            for (var i = 0; i < series.Values.Count; i++)
            {
                var left = area.PixelX(i) - (band * GroupShare / 2) + (s * barWidth);
                var value = series.Values[i];
                var category = categories.Categories[i];
                if (value.Value is { } v && double.IsFinite(area.PixelY(v)))
                {
                    var top = Math.Clamp(area.PixelY(v), area.Top, area.Bottom);
                    var fill = series.Light ? series.Color.Mix(Color.White, 0.62).Hex : series.Color.Hex;
                    var rect = svg.Rect(left + 0.5, Math.Min(top, baseline), barWidth - 1, Math.Abs(baseline - top), fill)
                        .Attr("class", "bar").Data("category", category).Data("value", v);
                    if (series.Light)
                    {
                        rect.Attr("stroke", series.Color.Hex).Attr("stroke-width", 1.3);
                        if (series.Dash.DashArray(1.3) is { } dash)
                        {
                            rect.Attr("stroke-dasharray", dash);
                        }
                    }

                    svg.Title($"{series.Label}, {category}: {TickFormat.Compact(v)}");
                    svg.End();
                }
                else if (value.Diverged)
                {
                    svg.Group("diverged").Data("category", category);
                    svg.Title($"{series.Label}, {category}: diverged");
                    MarkerPainter.Draw(svg, MarkerShape.Cross, left + (barWidth / 2), area.Bottom - 7, Math.Min(9, barWidth - 1), series.Color);
                    svg.End();
                }
            }

            svg.End();
        }
    }
}
