namespace HdCluster.Reports.Charts;

/// <summary>
/// Draws a legend: one row per entry (a swatch drawn like its series, then the label), in columns of
/// at most <c>maxHeight</c> pixels. <see cref="Measure"/> says how much room it will take.
/// </summary>
public static class LegendRenderer
{
    private const double RowHeight = 18;
    private const double SwatchWidth = 28;
    private const double Gap = 6;
    private const double ColumnGap = 16;

    public static (double Width, double Height) Measure(IReadOnlyList<LegendEntry> entries, double maxHeight)
    {
        if (entries.Count == 0)
        {
            return (0, 0);
        }

        var (rows, columns) = Grid(entries.Count, maxHeight);
        var columnWidth = ColumnWidth(entries);
        return ((columns * columnWidth) + ((columns - 1) * ColumnGap), rows * RowHeight);
    }

    public static void Draw(SvgWriter svg, IReadOnlyList<LegendEntry> entries, double left, double top, double maxHeight, string hatchId)
    {
        if (entries.Count == 0)
        {
            return;
        }

        var (rows, _) = Grid(entries.Count, maxHeight);
        var columnWidth = ColumnWidth(entries);
        svg.Group("legend").Data("entries", entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var x = left + (i / rows * (columnWidth + ColumnGap));
            var y = top + (i % rows * RowHeight) + (RowHeight / 2);
            svg.Group("legend-entry")
                .Data("label", entry.Label)
                .Data("color", entry.Color.Hex)
                .Data("dash", entry.Dash.Name())
                .Data("swatch", entry.Swatch.ToString().ToLowerInvariant())
                .Data("marker", entry.Marker.ToString().ToLowerInvariant());
            DrawSwatch(svg, entry, x, y, hatchId);
            svg.Text(x + SwatchWidth + Gap, y + 4, entry.Label, TextStyle.Small());
            svg.End();
        }

        svg.End();
    }

    private static void DrawSwatch(SvgWriter svg, LegendEntry entry, double x, double y, string hatchId)
    {
        switch (entry.Swatch)
        {
            case SwatchKind.Line:
                var line = svg.Line(x, y, x + SwatchWidth, y, entry.Color.Hex, 2.2, entry.Dash.DashArray(2.2));
                if (entry.Opacity < 1)
                {
                    line.Attr("opacity", entry.Opacity);
                }

                svg.End();
                MarkerPainter.Draw(svg, entry.Marker, x + (SwatchWidth / 2), y, 6, entry.Color, hollow: true);
                break;
            case SwatchKind.Marker:
                MarkerPainter.Draw(svg, entry.Marker == MarkerShape.None ? MarkerShape.Circle : entry.Marker, x + (SwatchWidth / 2), y, 8, entry.Color);
                break;
            case SwatchKind.Box:
                var box = svg.Rect(x + 4, y - 6, SwatchWidth - 8, 12, entry.Light ? entry.Color.Mix(Color.White, 0.62).Hex : entry.Color.Hex);
                if (entry.Light)
                {
                    box.Attr("stroke", entry.Color.Hex).Attr("stroke-width", 1.3);
                    if (entry.Dash.DashArray(1.3) is { } dash)
                    {
                        box.Attr("stroke-dasharray", dash);
                    }
                }

                svg.End();
                break;
            case SwatchKind.Hatch:
                svg.Rect(x + 4, y - 7, SwatchWidth - 8, 14, $"url(#{hatchId})", "#999999", 0.6);
                svg.End();
                MarkerPainter.Draw(svg, MarkerShape.Cross, x + (SwatchWidth / 2), y, 7, Color.FromHex("#333333"));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(entry), entry.Swatch, "Unknown swatch.");
        }
    }

    private static (int Rows, int Columns) Grid(int count, double maxHeight)
    {
        var rows = Math.Max(1, Math.Min(count, (int)Math.Floor(maxHeight / RowHeight)));
        return (rows, (int)Math.Ceiling(count / (double)rows));
    }

    private static double ColumnWidth(IReadOnlyList<LegendEntry> entries) =>
        SwatchWidth + Gap + entries.Max(e => TextMetrics.Width(e.Label, TextStyle.Small().Size)) + 4;
}
