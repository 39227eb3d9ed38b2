using System.Globalization;
using System.Xml.Linq;
using ScottPlot;
using ScottPlot.Plottables;

namespace HdCluster.Reports.Plotting;

/// <summary>
/// Keeps bars' dashed outlines in SVGs. Skia's SVG canvas writes a dashed line (legend swatches included) as
/// filled dash shapes, but a dashed rectangle, as ScottPlot draws a bar's outline, as a solid stroke ("Unsupported
/// path effect"), which would make the HD bars' outlines look like their baselines'. So, while an SVG is drawn, every dashed outline gets a width a
/// few thousandths wider that stands for its pattern; afterwards those strokes are found by width in the SVG,
/// given back their width and given the pattern as <c>stroke-dasharray</c>.
/// </summary>
internal sealed class SvgDashes : IDisposable
{
    private const float Step = 1f / 256;
    private const double Tolerance = Step / 8;

    private readonly List<Action> restore = [];
    private readonly List<(float Tagged, float Width, LinePattern Pattern)> tags = [];

    private SvgDashes()
    {
    }

    /// <summary>Tags the dashed outlines of <paramref name="sheet"/>'s bars until disposed.</summary>
    public static SvgDashes Tag(FigureSheet sheet)
    {
        var dashes = new SvgDashes();
        foreach (var bar in sheet.Panels.SelectMany(p => p.Plot.GetPlottables<BarPlot>()).SelectMany(b => b.Bars))
        {
            dashes.Tag(bar.LinePattern, bar.LineWidth, w => bar.LineWidth = w);
        }

        return dashes;
    }

    /// <summary>Writes the patterns into the SVG at <paramref name="path"/>.</summary>
    public void Restore(string path)
    {
        if (tags.Count == 0)
        {
            return;
        }

        var svg = XDocument.Load(path);
        foreach (var element in svg.Descendants())
        {
            if (element.Attribute("stroke-width") is not { } attribute
                || !double.TryParse(attribute.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var width))
            {
                continue;
            }

            foreach (var (tagged, original, pattern) in tags)
            {
                if (Math.Abs(width - tagged) < Tolerance)
                {
                    attribute.Value = original.ToString("R", CultureInfo.InvariantCulture);
                    element.SetAttributeValue("stroke-dasharray", string.Join(" ", pattern.Intervals.Select(i => i.ToString("R", CultureInfo.InvariantCulture))));
                    break;
                }
            }
        }

        svg.Save(path);
    }

    public void Dispose()
    {
        foreach (var undo in restore)
        {
            undo();
        }
    }

    private void Tag(LinePattern pattern, float width, Action<float> setWidth)
    {
        if (width <= 0 || pattern.Intervals is not { Length: > 0 } || pattern.Name == LinePattern.Solid.Name)
        {
            return;
        }

        // One tag per (width, pattern): the next free step above the width.
        var existing = tags.FirstOrDefault(t => t.Width == width && t.Pattern.Name == pattern.Name);
        var tagged = existing.Tagged;
        if (tagged == 0)
        {
            tagged = width + (Step * (tags.Count + 1));
            tags.Add((tagged, width, pattern));
        }

        setWidth(tagged);
        restore.Add(() => setWidth(width));
    }
}
