using HdCluster.Reports.Plotting;

namespace HdCluster.Reports.Figures;

/// <summary>One line of a panel before it is drawn: its legend text, look and points (y in data units).</summary>
internal sealed record LineData(string Label, LineLook Look, IReadOnlyList<(double X, double Y)> Points)
{
    /// <summary>Whether the points are joined: sparse samples on a dense axis (a published value per epoch on an iteration axis) are better left as markers.</summary>
    public bool Connect { get; init; } = true;

    public float Width { get; init; } = 1.8f;

    /// <summary>The run diverged: its last finite value gets an 'x'.</summary>
    public bool Diverged { get; init; }
}

/// <summary>Draws a panel of lines over a numeric x axis: chooses the value scale from all its lines, then draws them on it.</summary>
internal static class PanelLines
{
    /// <summary>
    /// Draws <paramref name="lines"/> into <paramref name="panel"/>. <paramref name="zoom"/> lets the y axis zoom onto
    /// where the lines end when that is where they differ (losses); other values only turn logarithmic over decades.
    /// </summary>
    public static void Draw(FigureSheet figure, Panel panel, string xLabel, string yLabel, IReadOnlyList<LineData> lines, bool zoom, bool integerX = true)
    {
        var finite = lines.SelectMany(l => l.Points).Where(p => double.IsFinite(p.Y) && double.IsFinite(p.X)).ToArray();
        if (finite.Length == 0)
        {
            panel.SetEmpty("no data");
            return;
        }

        var scale = ValueScale.For(lines.Select(l => l.Points.Select(p => p.Y)));
        if (!zoom && scale.Kind == ScaleKind.Zoomed)
        {
            scale = ValueScale.Linear(finite.Min(p => p.Y), finite.Max(p => p.Y));
        }

        panel.SetY(yLabel, scale);
        panel.SetX(xLabel, finite.Min(p => p.X), finite.Max(p => p.X), integerX);
        foreach (var line in lines)
        {
            panel.AddLine(line.Label, line.Points, line.Look, line.Width, line.Connect);
            if (line.Diverged && line.Points.LastOrDefault(p => double.IsFinite(p.Y)) is var last && double.IsFinite(last.Y))
            {
                panel.AddMarks([last], LineLook.Diverged(line.Look.Color));
                figure.AddLegendEntry(LegendEntries.Diverged("diverged (last value)"));
            }
        }
    }

    /// <summary>A caption sentence naming the panels whose y axis is not plain linear, and how; empty when none is.</summary>
    public static string AxisNote(FigureSheet figure)
    {
        var described = figure.Panels.Where(p => p.EmptyNote is null && p.Y.Describe() is not null).Select(p => $"{p.Title}: {p.Y.Describe()}").ToArray();
        return described.Length == 0 ? "" : $" Y axes not linear from the data's bottom to its top: {string.Join("; ", described)}.";
    }
}
