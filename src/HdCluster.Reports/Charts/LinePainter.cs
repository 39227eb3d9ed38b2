namespace HdCluster.Reports.Charts;

/// <summary>Draws a <see cref="LineSeries"/>: one path, broken where a point cannot be placed; its markers separately.</summary>
public static class LinePainter
{
    public static void Draw(SvgWriter svg, PlotArea area, LineSeries line)
    {
        var segments = new List<List<(double X, double Y)>>();
        var current = new List<(double X, double Y)>();
        foreach (var (x, y) in line.Points)
        {
            var px = double.IsFinite(x) ? area.PixelX(x) : double.NaN;
            var py = double.IsFinite(y) ? area.PixelY(y) : double.NaN;
            if (double.IsFinite(px) && double.IsFinite(py))
            {
                current.Add((px, py));
            }
            else if (current.Count > 0)
            {
                segments.Add(current);
                current = [];
            }
        }

        if (current.Count > 0)
        {
            segments.Add(current);
        }

        var group = svg.Group("series line")
            .Data("label", line.Label)
            .Data("color", line.Color.Hex)
            .Data("dash", line.Dash.Name())
            .Data("marker", line.Marker.ToString().ToLowerInvariant())
            .Data("points", segments.Sum(s => s.Count));
        if (line.Opacity < 1)
        {
            group.Attr("opacity", line.Opacity);
        }

        svg.Title(line.Label);
        var path = new PathData();
        foreach (var segment in segments)
        {
            var thin = PixelDecimator.Thin(segment);
            path.MoveTo(thin[0].X, thin[0].Y);
            foreach (var (x, y) in thin.Skip(1))
            {
                path.LineTo(x, y);
            }
        }

        if (!path.IsEmpty && line.Connect)
        {
            svg.Path(path, line.Color.Hex, line.Width, dashArray: line.Dash.DashArray(line.Width));
            svg.End();
        }

        svg.End();
    }

    /// <summary>
    /// The line's markers, drawn after (and outside) the clipped plot group so that a point on the plot's edge
    /// shows whole; points outside the plot are left out.
    /// </summary>
    public static void DrawMarkers(SvgWriter svg, PlotArea area, LineSeries line)
    {
        if (line.Marker == MarkerShape.None)
        {
            return;
        }

        svg.Group("markers").Data("label", line.Label);
        foreach (var (x, y) in line.Points)
        {
            var px = area.PixelX(x);
            var py = double.IsFinite(y) ? area.PixelY(y) : double.NaN;
            if (px >= area.Left - 0.5 && px <= area.Right + 0.5 && py >= area.Top - 0.5 && py <= area.Bottom + 0.5)
            {
                MarkerPainter.Draw(svg, line.Marker, px, py, line.MarkerSize, line.Color, hollow: true);
            }
        }

        svg.End();
    }
}
