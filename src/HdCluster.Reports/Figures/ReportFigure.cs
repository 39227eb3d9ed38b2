using HdCluster.Reports.Charts;

namespace HdCluster.Reports.Figures;

/// <summary>A figure of a report: its file name (without extension), a caption saying how to read it, and the chart.</summary>
public sealed record ReportFigure(string Name, string Caption, Figure Figure)
{
    public string Title => Figure.Title;
}
