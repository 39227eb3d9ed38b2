using HdCluster.Reports.Plotting;
using ScottPlot;
using ScottPlot.Plottables;

namespace HdCluster.Reports.Tests;

/// <summary>Reads what a figure shows from its ScottPlot plot objects: lines by legend text, marks, bars, the heatmap, axis ticks.</summary>
internal static class Plots
{
    /// <summary>The lines of a panel (scatter plots with a legend text), in drawing order.</summary>
    public static Scatter[] Lines(Panel panel) => panel.Plot.GetPlottables<Scatter>().Where(s => !string.IsNullOrEmpty(s.LegendText)).ToArray();

    public static string[] LineLabels(Panel panel) => Lines(panel).Select(l => l.LegendText).ToArray();

    public static Scatter Line(Panel panel, string label) =>
        Lines(panel).SingleOrDefault(l => l.LegendText == label)
        ?? throw new Xunit.Sdk.XunitException($"Panel '{panel.Title}' has no line '{label}'; it has: {string.Join(", ", LineLabels(panel))}");

    public static Coordinates[] Points(Scatter line) => [.. line.Data.GetScatterPoints()];

    /// <summary>Marker-only plots (a diverged run's 'x'): their shape and points.</summary>
    public static ScottPlot.Plottables.Markers[] Marks(Panel panel, MarkerShape shape) =>
        panel.Plot.GetPlottables<ScottPlot.Plottables.Markers>().Where(m => m.MarkerShape == shape).ToArray();

    public static string[] LegendLabels(FigureSheet figure) => figure.Legend().Select(i => i.LabelText).ToArray();

    /// <summary>The labelled ticks of an axis, in position order, as its tick generator makes them for the axis' current limits.</summary>
    public static Tick[] Ticks(Plot plot, IAxis axis)
    {
        // Manual ticks are fixed; automatic ones depend on the drawn size, so render once at a typical size.
        plot.RenderInMemory(440, 310);
        return axis.TickGenerator.Ticks.Where(t => t.IsMajor && t.Position >= axis.Min - 1e-9 && t.Position <= axis.Max + 1e-9).OrderBy(t => t.Position).ToArray();
    }

    public static string[] TickLabels(Plot plot, IAxis axis) => Ticks(plot, axis).Select(t => t.Label).ToArray();

    public static double TickPosition(Plot plot, IAxis axis, string label) =>
        Ticks(plot, axis).SingleOrDefault(t => t.Label == label) is { } tick ? tick.Position
        : throw new Xunit.Sdk.XunitException($"No tick '{label}'; ticks: {string.Join(", ", TickLabels(plot, axis))}");
}
