using ScottPlot;
using ScottPlot.Plottables;
using ScottPlot.TickGenerators;

namespace HdCluster.Reports.Plotting;

/// <summary>
/// One panel of a figure: a titled ScottPlot <see cref="ScottPlot.Plot"/> and the value scale its y axis was
/// given. Lines and markers go in through here so that their values are mapped onto that scale.
/// </summary>
public sealed class Panel
{
    internal Panel(string title)
    {
        Title = title;
        Plot = new Plot();
        ReportFont.Apply(Plot);
        Plot.Title(title, 14);
        Plot.Axes.Title.Label.Bold = false;
        Plot.HideLegend();
        Plot.Grid.MajorLineColor = Colors.Black.WithOpacity(0.12);
        Plot.Grid.MinorLineColor = Colors.Black.WithOpacity(0.05);
        Plot.Grid.MinorLineWidth = 1;
    }

    public string Title { get; }

    public Plot Plot { get; }

    /// <summary>The y axis' scale; lines added after <see cref="SetY"/> are drawn on it.</summary>
    public ValueScale Y { get; private set; } = ValueScale.Linear(0, 1);

    /// <summary>Said in the middle of a panel with nothing to draw, so an empty panel says why; null when it has data.</summary>
    public string? EmptyNote { get; private set; }

    /// <summary>Sets the y axis' label and scale (limits and ticks).</summary>
    public void SetY(string label, ValueScale scale)
    {
        Y = scale;
        Plot.YLabel(label, 13);
        scale.Apply(Plot, Plot.Axes.Left);
    }

    /// <summary>Sets the x axis: a label, exact limits (with a sliver of room for markers at the ends), whole-number ticks where asked.</summary>
    public void SetX(string label, double min, double max, bool integerTicks = false)
    {
        Plot.XLabel(label, 13);
        if (!(max > min))
        {
            (min, max) = (min - 0.5, max + 0.5);
        }

        var room = (max - min) * 0.02;
        Plot.Axes.SetLimitsX(min - room, max + room);
        if (integerTicks)
        {
            Plot.Axes.Bottom.TickGenerator = new NumericAutomatic { IntegerTicksOnly = true };
        }
    }

    /// <summary>Named categories at x = 0, 1, 2, ... (bars, heatmap columns).</summary>
    public void SetCategoriesX(string label, IReadOnlyList<string> categories)
    {
        Plot.XLabel(label, 13);
        Plot.Axes.Bottom.TickGenerator = new NumericManual([.. Enumerable.Range(0, categories.Count).Select(i => (double)i)], [.. categories]);
        Plot.Axes.SetLimitsX(-0.5, categories.Count - 0.5);
    }

    /// <summary>
    /// A line through the finite points, in the given look; with a marker shape, points are marked too, and
    /// <paramref name="connect"/> false leaves them unjoined (sparse samples on a dense axis).
    /// </summary>
    public Scatter AddLine(string label, IEnumerable<(double X, double Y)> points, LineLook look, float width = 1.8f, bool connect = true)
    {
        var drawn = points.Select(p => (p.X, Y: Y.Map(p.Y))).Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToArray();
        var line = Plot.Add.Scatter(drawn.Select(p => p.X).ToArray(), drawn.Select(p => p.Y).ToArray(), look.Color);
        line.LegendText = label;
        line.LinePattern = look.Pattern;
        line.LineWidth = connect ? width : 0;
        line.MarkerShape = look.Marker;
        line.MarkerSize = look.Marker == MarkerShape.None ? 0 : 7;
        line.MarkerLineWidth = 1.3f;
        return line;
    }

    /// <summary>Markers without a line or legend entry of their own (a diverged run's 'x'); y in data units, or already mapped where <paramref name="mapped"/>.</summary>
    public Markers AddMarks(IEnumerable<(double X, double Y)> points, LineLook look, float size = 10, bool mapped = false)
    {
        var drawn = points.Select(p => (p.X, Y: mapped ? p.Y : Y.Map(p.Y))).ToArray();
        var marks = Plot.Add.Markers(drawn.Select(p => p.X).ToArray(), drawn.Select(p => p.Y).ToArray(), look.Marker, size, look.Color);
        marks.MarkerLineWidth = 2;
        return marks;
    }

    /// <summary>Says <paramref name="note"/> in the middle of the panel, which has nothing to draw.</summary>
    public void SetEmpty(string note)
    {
        EmptyNote = note;
        Plot.Axes.SetLimits(0, 1, 0, 1);
        var text = Plot.Add.Text(note, 0.5, 0.5);
        text.Alignment = Alignment.MiddleCenter;
        text.LabelFontColor = Colors.Gray;
        text.LabelFontSize = 13;
        text.LabelFontName = ReportFont.Name;
    }

    /// <summary>The legend entries of what this panel draws, in drawing order (entries without text left out).</summary>
    public IEnumerable<LegendItem> LegendItems() =>
        Plot.GetPlottables().SelectMany(p => p.LegendItems).Where(i => !string.IsNullOrEmpty(i.LabelText));
}
