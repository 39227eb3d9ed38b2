namespace HdCluster.Reports.Charts;

/// <summary>
/// Draws one <see cref="Axes"/> into a box of the figure: the title, the plot with its frame and axes,
/// the series (lines and bars clipped to the plot, markers not, so a point on the edge stays whole) or the
/// heatmap with its colour bar.
/// </summary>
public static class AxesRenderer
{
    private const double TitleSpace = 24;
    private const double AxisLabelSpace = 18;

    public static void Render(SvgWriter svg, Axes axes, double left, double top, double width, double height, FigureIds ids)
    {
        var xScale = AxesScales.X(axes);
        var yScale = AxesScales.Y(axes);
        var marginLeft = 8 + (axes.Y.Label.Length > 0 ? AxisLabelSpace : 0) + AxisPainter.WidestLabel(yScale) + AxisPainter.TickLength + 6;
        var marginBottom = AxisPainter.TickLength + 18 + (axes.X.Label.Length > 0 ? AxisLabelSpace : 0);
        var marginRight = 14 + (axes.Heatmap is null ? 0 : HeatmapPainter.ColorBarSpace);
        var area = new PlotArea(
            left + marginLeft,
            top + TitleSpace,
            Math.Max(width - marginLeft - marginRight, 20),
            Math.Max(height - TitleSpace - marginBottom, 20),
            xScale,
            yScale);

        svg.Group("axes").Data("title", axes.Title);
        svg.Text(area.Left + (area.Width / 2), top + 15, axes.Title, TextStyle.Heading(TextAnchor.Middle), "axes-title");
        svg.Rect(area.Left, area.Top, area.Width, area.Height, "white");
        svg.End();

        var grid = axes.Heatmap is null;
        AxisPainter.DrawX(svg, area, axes.X.Label, grid && xScale.Kind != ScaleKind.Category);
        AxisPainter.DrawY(svg, area, axes.Y.Label, left + 14, grid && yScale.Kind != ScaleKind.Category);

        if (axes.Heatmap is { } heatmap)
        {
            HeatmapPainter.Draw(svg, area, heatmap, ids.Hatch, ids.Next("gradient"));
        }
        else if (axes.IsEmpty)
        {
            svg.Text(area.Left + (area.Width / 2), area.Top + (area.Height / 2), axes.EmptyNote, new TextStyle(12, TextAnchor.Middle) { Color = Color.FromHex("#888888") }, "empty-note");
        }
        else
        {
            DrawSeries(svg, area, axes, ids.Next("clip"));
        }

        svg.Rect(area.Left, area.Top, area.Width, area.Height, "none", "#444444", 0.8).Attr("class", "frame");
        svg.End();
        svg.End();
    }

    private static void DrawSeries(SvgWriter svg, PlotArea area, Axes axes, string clipId)
    {
        svg.Start("clipPath").Attr("id", clipId);
        svg.Rect(area.Left, area.Top - 1, area.Width, area.Height + 2, "white");
        svg.End();
        svg.End();

        svg.Group("plot").Attr("clip-path", $"url(#{clipId})");
        BarPainter.Draw(svg, area, axes.Series.OfType<BarSeries>().ToArray());
        foreach (var line in axes.Series.OfType<LineSeries>())
        {
            LinePainter.Draw(svg, area, line);
        }

        svg.End();
        foreach (var line in axes.Series.OfType<LineSeries>())
        {
            LinePainter.DrawMarkers(svg, area, line);
        }

        foreach (var scatter in axes.Series.OfType<ScatterSeries>())
        {
            ScatterPainter.Draw(svg, area, scatter);
        }
    }
}
