using HdCluster.Reports.Plotting;

namespace HdCluster.Reports.Figures;

/// <summary>A figure of a report: its file name (without extension), a caption saying how to read it, and the figure itself.</summary>
public sealed record ReportFigure(string Name, string Caption, FigureSheet Figure)
{
    public string Title => Figure.Title;
}
