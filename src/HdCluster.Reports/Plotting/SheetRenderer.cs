using ScottPlot;
using SkiaSharp;

namespace HdCluster.Reports.Plotting;

/// <summary>
/// Draws a <see cref="FigureSheet"/> with ScottPlot onto a Skia canvas: each panel's plot into its cell of the
/// <see cref="SheetLayout"/>, a frameless plot for the header and one for the legend. The same drawing goes to
/// a PNG (at twice the size, sharp enough for slides) and to an SVG.
/// </summary>
public static class SheetRenderer
{
    /// <summary>PNG pixels per CSS pixel.</summary>
    public const int PngScale = 2;

    public static void SavePng(FigureSheet sheet, string path) => File.WriteAllBytes(path, RenderPng(sheet));

    public static byte[] RenderPng(FigureSheet sheet)
    {
        var parts = Parts.Of(sheet);
        using var surface = SKSurface.Create(new SKImageInfo(parts.Layout.Width * PngScale, parts.Layout.Height * PngScale))
            ?? throw new InvalidOperationException($"Skia could not make a {parts.Layout.Width}x{parts.Layout.Height} surface for '{sheet.Title}'.");
        surface.Canvas.Scale(PngScale);
        parts.Draw(surface.Canvas);
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    public static void SaveSvg(FigureSheet sheet, string path)
    {
        using var dashes = SvgDashes.Tag(sheet);
        var parts = Parts.Of(sheet);
        using (var file = File.Create(path))
        using (var canvas = SKSvgCanvas.Create(new SKRect(0, 0, parts.Layout.Width, parts.Layout.Height), file))
        {
            parts.Draw(canvas);
        }

        dashes.Restore(path);
    }

    /// <summary>The pixel rectangles a PNG of <paramref name="sheet"/> has its panels in (at <see cref="PngScale"/>), for checks on the image.</summary>
    public static IReadOnlyList<PixelRect> PanelRects(FigureSheet sheet) =>
        Parts.Of(sheet).Layout.Panels.Select(r => new PixelRect(r.Left * PngScale, r.Right * PngScale, r.Bottom * PngScale, r.Top * PngScale)).ToArray();

    private sealed record Parts(SheetLayout Layout, Plot Header, Plot? Legend, FigureSheet Sheet)
    {
        public static Parts Of(FigureSheet sheet)
        {
            var legend = sheet.Legend();
            var layout = SheetLayout.Of(sheet, legend);
            return new Parts(layout, HeaderPlot(sheet, layout.Header), legend.Count > 0 ? LegendPlot(legend) : null, sheet);
        }

        public void Draw(SKCanvas canvas)
        {
            using (var white = new SKPaint { Color = SKColors.White, Style = SKPaintStyle.Fill })
            {
                canvas.DrawRect(0, 0, Layout.Width, Layout.Height, white);
            }

            Render(Header, canvas, Layout.Header);
            for (var i = 0; i < Sheet.Panels.Count; i++)
            {
                Render(Sheet.Panels[i].Plot, canvas, Layout.Panels[i]);
            }

            if (Legend is not null)
            {
                Render(Legend, canvas, Layout.Legend);
            }
        }

        private static void Render(Plot plot, SKCanvas canvas, PixelRect rect)
        {
            // A plot clears the whole canvas before it draws unless told not to, which would erase the plots drawn before it.
            plot.RenderManager.ClearCanvasBeforeEachRender = false;
            plot.Render(canvas, rect);
        }

        private static Plot HeaderPlot(FigureSheet sheet, PixelRect rect)
        {
            var plot = Frameless();
            plot.Axes.SetLimits(0, rect.Width, -rect.Height, 0);
            var title = plot.Add.Text(sheet.Title, 12, -6);
            Style(title, 17, bold: true, Colors.Black);
            if (!string.IsNullOrEmpty(sheet.Subtitle))
            {
                var subtitle = plot.Add.Text(sheet.Subtitle, 12, -34);
                Style(subtitle, 13, bold: false, Colors.DimGray);
            }

            return plot;
        }

        private static Plot LegendPlot(IReadOnlyList<LegendItem> items)
        {
            var plot = Frameless();
            plot.Legend.ManualItems.AddRange(items);
            plot.ShowLegend(Alignment.UpperLeft);
            plot.Legend.FontSize = 13;
            plot.Legend.SymbolWidth = 44;
            plot.Legend.OutlineWidth = 0;
            plot.Legend.ShadowColor = Colors.Transparent;
            plot.Legend.BackgroundColor = Colors.White;
            return plot;
        }

        private static Plot Frameless()
        {
            var plot = new Plot();
            ReportFont.Apply(plot);
            plot.Axes.Frameless(true);
            plot.HideGrid();
            plot.Layout.Fixed(new PixelPadding(0, 0, 0, 0));
            return plot;
        }

        private static void Style(ScottPlot.Plottables.Text text, float size, bool bold, Color color)
        {
            text.Alignment = Alignment.UpperLeft;
            text.LabelFontName = ReportFont.Name;
            text.LabelFontSize = size;
            text.LabelBold = bold;
            text.LabelFontColor = color;
        }
    }
}
