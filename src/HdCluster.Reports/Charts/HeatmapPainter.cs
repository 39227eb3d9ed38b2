namespace HdCluster.Reports.Charts;

/// <summary>
/// Draws a <see cref="Heatmap"/>'s cells (row 0 at the bottom) and its colour bar to the right of the plot.
/// Diverged cells get the figure's hatch pattern and an 'x'; missing cells a pale fill.
/// </summary>
public static class HeatmapPainter
{
    public const double ColorBarSpace = 100;
    private const double BarWidth = 14;

    public static void Draw(SvgWriter svg, PlotArea area, Heatmap heatmap, string hatchId, string gradientId)
    {
        var colors = heatmap.ColorScaleFor();
        var cellWidth = area.Width / heatmap.Columns.Count;
        var cellHeight = area.Height / heatmap.Rows.Count;
        var annotate = heatmap.Annotate && cellWidth >= 34 && cellHeight >= 15;
        svg.Group("heatmap").Data("rows", heatmap.Rows.Count).Data("columns", heatmap.Columns.Count);
        for (var r = 0; r < heatmap.Rows.Count; r++)
        {
            for (var c = 0; c < heatmap.Columns.Count; c++)
            {
                var cell = heatmap[r, c];
                var x = area.Left + (c * cellWidth);
                var y = area.Bottom - ((r + 1) * cellHeight);
                var where = $"{heatmap.Columns[c]}, {heatmap.Rows[r]}";
                var state = cell.State.ToString().ToLowerInvariant();
                var fill = cell.State switch
                {
                    HeatCellState.Value => heatmap.Map.At(Position(colors, cell.Value)).Hex,
                    HeatCellState.Diverged => $"url(#{hatchId})",
                    _ => "#f4f4f4",
                };
                var rect = svg.Rect(x, y, cellWidth, cellHeight, fill, "white", 0.8)
                    .Attr("class", "cell " + state).Data("row", heatmap.Rows[r]).Data("column", heatmap.Columns[c]).Data("state", state);
                if (cell.State == HeatCellState.Value)
                {
                    rect.Data("value", cell.Value);
                }

                svg.Title(cell.State switch
                {
                    HeatCellState.Value => $"{where}: {TickFormat.Compact(cell.Value)}",
                    HeatCellState.Diverged => $"{where}: diverged",
                    _ => $"{where}: no result",
                });
                svg.End();

                var cx = x + (cellWidth / 2);
                var cy = y + (cellHeight / 2);
                if (cell.State == HeatCellState.Diverged)
                {
                    MarkerPainter.Draw(svg, MarkerShape.Cross, cx, cy, Math.Min(10, Math.Min(cellWidth, cellHeight) * 0.5), Color.FromHex("#333333"));
                }
                else if (cell.State == HeatCellState.Value && annotate)
                {
                    var background = heatmap.Map.At(Position(colors, cell.Value));
                    var ink = background.Luminance < 0.5 ? Color.White : Color.Black;
                    svg.Text(cx, cy + 3.5, TickFormat.Compact(cell.Value), new TextStyle(9.5, TextAnchor.Middle) { Color = ink }, "cell-label");
                }
            }
        }

        svg.End();
        DrawColorBar(svg, area, heatmap, colors, gradientId);
    }

    private static double Position(Scale colors, double value)
    {
        var f = colors.Fraction(value);
        return double.IsFinite(f) ? Math.Clamp(f, 0, 1) : 0;
    }

    private static void DrawColorBar(SvgWriter svg, PlotArea area, Heatmap heatmap, Scale colors, string gradientId)
    {
        var left = area.Right + 14;
        svg.Group("colorbar").Data("scale", colors.Kind.ToString().ToLowerInvariant()).Data("min", colors.Min).Data("max", colors.Max).Data("map", heatmap.Map.Name);
        svg.Start("defs");
        svg.Start("linearGradient").Attr("id", gradientId).Attr("x1", "0").Attr("y1", "1").Attr("x2", "0").Attr("y2", "0");
        for (var i = 0; i < heatmap.Map.Stops.Count; i++)
        {
            svg.Start("stop").Attr("offset", i / (double)(heatmap.Map.Stops.Count - 1)).Attr("stop-color", heatmap.Map.Stops[i].Hex);
            svg.End();
        }

        svg.End();
        svg.End();
        svg.Rect(left, area.Top, BarWidth, area.Height, $"url(#{gradientId})", "#444444", 0.6);
        svg.End();
        foreach (var tick in colors.Ticks)
        {
            var y = area.Bottom - (colors.Fraction(tick.Value) * area.Height);
            var length = tick.Major ? 4 : 2;
            svg.Line(left + BarWidth, y, left + BarWidth + length, y, "#444444", 0.8);
            svg.End();
            if (tick.Major && tick.Label.Length > 0)
            {
                svg.Text(left + BarWidth + 6, y + 3.5, tick.Label, TextStyle.Small(), "tick-label", data: ("value", tick.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        if (heatmap.ColorLabel.Length > 0)
        {
            var widest = colors.Ticks.Where(t => t.Major).Select(t => TextMetrics.Width(t.Label, TextStyle.Small().Size)).DefaultIfEmpty(0).Max();
            var x = left + BarWidth + 6 + widest + 12;
            svg.Text(x, area.Top + (area.Height / 2), heatmap.ColorLabel, TextStyle.Small(TextAnchor.Middle), "axis-label", rotate: -90);
        }

        svg.End();
    }
}
