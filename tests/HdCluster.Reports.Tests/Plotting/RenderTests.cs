using HdCluster.Reports.Figures;
using HdCluster.Reports.Plotting;
using ScottPlot;
using SkiaSharp;

namespace HdCluster.Reports.Tests.Plotting;

/// <summary>Renders whole figures the way a report writes them and looks at the pixels: text where titles go, data in every panel.</summary>
public sealed class RenderTests
{
    public RenderTests() => ReportFont.Register();

    [Fact]
    public void A_rendered_png_has_text_and_drawing_in_every_panel()
    {
        using var temp = new TempFolder();
        var figure = LearningCurvesFigure.Build(Sweeps.Context(temp, Sweeps.Quickstart())).First().Figure;

        using var image = SKBitmap.Decode(SheetRenderer.RenderPng(figure));
        var cells = SheetRenderer.PanelRects(figure);

        Assert.Equal(figure.Panels.Count, cells.Count);
        for (var i = 0; i < figure.Panels.Count; i++)
        {
            var data = figure.Panels[i].Plot.LastRender.DataRect;
            var scale = SheetRenderer.PngScale;

            // Between the panel's top and its data area there is nothing but the panel's title.
            var title = new PixelRect(cells[i].Left, cells[i].Right, (data.Top * scale) - 4, cells[i].Top + 2);
            Assert.True(Dark(image, title) > 100, $"panel '{figure.Panels[i].Title}' has no title text in the PNG");

            var inside = new PixelRect((data.Left * scale) + 3, (data.Right * scale) - 3, (data.Bottom * scale) - 3, (data.Top * scale) + 3);
            Assert.True(NotWhite(image, inside) > 500, $"panel '{figure.Panels[i].Title}' draws nothing");
        }

        // The header's title, across the top of the figure.
        Assert.True(Dark(image, new PixelRect(0, image.Width, 60, 0)) > 200, "the figure's title is not drawn");
        Assert.Equal(0, Count(image, new PixelRect(0, image.Width, image.Height, 0), c => c.Alpha != 255));
    }

    [Fact]
    public void An_svg_is_written_with_the_reports_font_and_real_text()
    {
        using var temp = new TempFolder();
        var figure = TowerHeightFigure.Build(Sweeps.Context(temp, Sweeps.Towers())).Single().Figure;
        var path = temp.Sub("figure.svg");

        SheetRenderer.SaveSvg(figure, path);

        var svg = System.Xml.Linq.XDocument.Load(path);
        var texts = svg.Descendants().Where(e => e.Name.LocalName == "text").ToArray();
        Assert.Contains(texts, t => t.Value.Contains("Tower height", StringComparison.Ordinal));
        Assert.All(texts, t => Assert.Equal(ReportFont.Name, (string?)t.Attribute("font-family")));
    }

    // Only opaque pixels count: a transparent one is what nothing drawn leaves.
    [Fact]
    public void Dashed_bar_outlines_keep_their_dashes_in_the_svg()
    {
        using var temp = new TempFolder();
        var figure = OnlineTuningFigure.Build(Sweeps.Context(temp, Sweeps.Quickstart())).Single().Figure;
        var path = temp.Sub("figure.svg");
        var widths = figure.Panels.SelectMany(p => p.Plot.GetPlottables<ScottPlot.Plottables.BarPlot>()).SelectMany(b => b.Bars).Select(b => b.LineWidth).ToArray();

        SheetRenderer.SaveSvg(figure, path);

        var svg = System.Xml.Linq.XDocument.Load(path);
        var dashed = svg.Descendants().Where(e => e.Attribute("stroke-dasharray") is not null).ToArray();

        // SGD-HD's and Adam-HD's bars at two alpha_0 in two panels; a bar's outline may be drawn more than once.
        var dashes = string.Join(" ", LinePattern.Dashed.Intervals);
        Assert.Equal(8, dashed.Where(e => (string?)e.Attribute("stroke-dasharray") == dashes).Select(e => $"{e.Attribute("x")?.Value},{e.Attribute("y")?.Value}").Distinct().Count());
        Assert.All(dashed, e => Assert.Equal("1.6", (string?)e.Attribute("stroke-width")));
        Assert.Equal(widths, figure.Panels.SelectMany(p => p.Plot.GetPlottables<ScottPlot.Plottables.BarPlot>()).SelectMany(b => b.Bars).Select(b => b.LineWidth));
    }

    private static int Dark(SKBitmap image, PixelRect rect) => Count(image, rect, c => c.Alpha == 255 && c.Red + c.Green + c.Blue < 3 * 140);

    private static int NotWhite(SKBitmap image, PixelRect rect) => Count(image, rect, c => c.Alpha == 255 && c.Red + c.Green + c.Blue < 3 * 250);

    private static int Count(SKBitmap image, PixelRect rect, Func<SKColor, bool> match)
    {
        var n = 0;
        for (var y = (int)Math.Max(0, rect.Top); y < (int)Math.Min(image.Height, rect.Bottom); y++)
        {
            for (var x = (int)Math.Max(0, rect.Left); x < (int)Math.Min(image.Width, rect.Right); x++)
            {
                n += match(image.GetPixel(x, y)) ? 1 : 0;
            }
        }

        return n;
    }
}
