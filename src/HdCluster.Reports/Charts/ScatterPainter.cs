namespace HdCluster.Reports.Charts;

/// <summary>Draws a <see cref="ScatterSeries"/>: a marker per point inside the x range, infinite y on the plot's edge.</summary>
public static class ScatterPainter
{
    public static void Draw(SvgWriter svg, PlotArea area, ScatterSeries scatter)
    {
        var pixels = scatter.Points
            .Select(p => (X: area.PixelX(p.X), Y: double.IsNaN(p.Y) ? double.NaN : area.PixelY(p.Y)))
            .Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y) && p.X >= area.Left - 0.5 && p.X <= area.Right + 0.5)
            .Select(p => (p.X, Y: Math.Clamp(p.Y, area.Top, area.Bottom)))
            .ToArray();
        svg.Group(scatter.Role is null ? "series scatter" : $"series scatter {scatter.Role}")
            .Data("label", scatter.Label)
            .Data("color", scatter.Color.Hex)
            .Data("marker", scatter.Marker.ToString().ToLowerInvariant())
            .Data("points", pixels.Length);
        svg.Title(scatter.Label);
        foreach (var (x, y) in pixels)
        {
            MarkerPainter.Draw(svg, scatter.Marker, x, y, scatter.Size, scatter.Color);
        }

        svg.End();
    }
}
