using ScottPlot;

namespace HdCluster.Reports.Plotting;

/// <summary>Legend entries that stand for no series but explain a mark: a diverged run's 'x', hatched cells, pale cells.</summary>
public static class LegendEntries
{
    /// <summary>An 'x' marker: a run that diverged.</summary>
    public static LegendItem Diverged(string label = "diverged") => new()
    {
        LabelText = label,
        MarkerShape = MarkerShape.Eks,
        MarkerSize = 10,
        MarkerLineWidth = 2,
        MarkerColor = Colors.Black,
        LineWidth = 0,
    };

    /// <summary>A hatched box: a heatmap cell whose run diverged.</summary>
    public static LegendItem DivergedCell(string label = "diverged") => new()
    {
        LabelText = label,
        FillColor = Colors.White,
        FillHatch = new ScottPlot.Hatches.Striped(),
        FillHatchColor = Colors.Gray,
        OutlineColor = Colors.Gray,
        OutlineWidth = 1,
        LineWidth = 0,
    };

    /// <summary>A plain box of <paramref name="color"/>.</summary>
    public static LegendItem Box(string label, Color color) => new()
    {
        LabelText = label,
        FillColor = color,
        OutlineColor = Colors.Gray,
        OutlineWidth = 1,
        LineWidth = 0,
    };
}
