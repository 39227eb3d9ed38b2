using System.Text;

namespace HdCluster.Reports.Charts;

/// <summary>
/// Lays a <see cref="Figure"/> out (title, grid of panels, shared legend to the right) and writes it as one
/// SVG document through <see cref="SvgWriter"/>.
/// </summary>
public static class FigureRenderer
{
    private const double Padding = 14;
    private const double LegendGap = 18;

    public static string Render(Figure figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        var columns = Math.Max(1, Math.Min(figure.Columns, figure.Panels.Count));
        var rows = Math.Max(1, (int)Math.Ceiling(figure.Panels.Count / (double)columns));
        var header = Padding + 18 + (figure.Subtitle is null ? 0 : 17) + 6;
        var gridWidth = columns * figure.PanelWidth;
        var gridHeight = rows * figure.PanelHeight;
        var legend = figure.Legend();
        var legendHeightLimit = Math.Max(gridHeight, 18 * 12) - 24;
        var (legendWidth, legendHeight) = LegendRenderer.Measure(legend, legendHeightLimit);
        var width = Padding + gridWidth + (legend.Count > 0 ? LegendGap + legendWidth : 0) + Padding;
        var height = header + Math.Max(gridHeight, legendHeight + 24) + Padding;
        var ids = new FigureIds();

        return SvgWriter.ToText(width, height, svg =>
        {
            svg.Title(figure.Title);
            svg.Group("figure").Data("title", figure.Title).Data("panels", figure.Panels.Count);
            svg.Rect(0, 0, width, height, "white");
            svg.End();
            WriteDefs(svg, ids);
            svg.Text(Padding, Padding + 14, figure.Title, new TextStyle(15, Bold: true), "figure-title");
            if (figure.Subtitle is { } subtitle)
            {
                svg.Text(Padding, Padding + 31, subtitle, new TextStyle(11.5) { Color = Color.FromHex("#555555") }, "figure-subtitle");
            }

            for (var i = 0; i < figure.Panels.Count; i++)
            {
                var left = Padding + (i % columns * figure.PanelWidth);
                var top = header + (i / columns * figure.PanelHeight);
                AxesRenderer.Render(svg, figure.Panels[i], left, top, figure.PanelWidth, figure.PanelHeight, ids);
            }

            LegendRenderer.Draw(svg, legend, Padding + gridWidth + LegendGap, header + 24, legendHeightLimit, ids.Hatch);
            svg.End();
        });
    }

    /// <summary>Writes the figure to <paramref name="path"/> as UTF-8.</summary>
    public static void Save(Figure figure, string path) => File.WriteAllText(path, Render(figure), new UTF8Encoding(false));

    private static void WriteDefs(SvgWriter svg, FigureIds ids)
    {
        // Diagonal hatching for diverged heatmap cells: reads as "no value" in colour and in grey print.
        svg.Start("defs");
        svg.Start("pattern").Attr("id", ids.Hatch).Attr("patternUnits", "userSpaceOnUse").Attr("width", 6).Attr("height", 6).Attr("patternTransform", "rotate(45)");
        svg.Rect(0, 0, 6, 6, "#f0f0f0");
        svg.End();
        svg.Line(0, 0, 0, 6, "#9a9a9a", 2.4);
        svg.End();
        svg.End();
        svg.End();
    }
}
