using ScottPlot;

namespace HdCluster.Reports.Plotting;

/// <summary>
/// Where the parts of a <see cref="FigureSheet"/> go, in whole pixels: the header across the top, the panels in a
/// grid below it, the legend in a column to their right.
/// </summary>
internal sealed record SheetLayout(PixelRect Header, PixelRect Legend, IReadOnlyList<PixelRect> Panels, int Width, int Height)
{
    private const int TitleHeight = 34;
    private const int SubtitleHeight = 22;
    private const int LegendMinWidth = 150;
    private const int LegendMaxWidth = 380;

    public static SheetLayout Of(FigureSheet sheet, IReadOnlyList<LegendItem> legend)
    {
        var header = TitleHeight + (string.IsNullOrEmpty(sheet.Subtitle) ? 0 : SubtitleHeight);

        // About 8.5 px a character at the legend's 13 px, plus the symbol and padding.
        var longest = legend.Select(i => i.LabelText?.Length ?? 0).DefaultIfEmpty(0).Max();
        var legendWidth = legend.Count == 0 ? 0 : Math.Clamp(90 + (int)(longest * 8.5), LegendMinWidth, LegendMaxWidth);
        var columns = Math.Max(1, Math.Min(sheet.Columns, Math.Max(1, sheet.Panels.Count)));
        var width = (columns * sheet.PanelWidth) + legendWidth;
        var height = header + (sheet.Rows * sheet.PanelHeight);

        var panels = new List<PixelRect>();
        for (var i = 0; i < sheet.Panels.Count; i++)
        {
            var (row, column) = (i / columns, i % columns);
            var left = column * sheet.PanelWidth;
            var top = header + (row * sheet.PanelHeight);
            panels.Add(new PixelRect(left, left + sheet.PanelWidth, top + sheet.PanelHeight, top));
        }

        var legendLeft = columns * sheet.PanelWidth;
        return new SheetLayout(new PixelRect(0, width, header, 0), new PixelRect(legendLeft, width, height, header), panels, width, height);
    }
}
