using HdCluster.Reports.Html;

namespace HdCluster.Reports;

/// <summary>What a report wrote: the page, the figures, and what the reader should be told.</summary>
public sealed record ReportOutcome(string IndexPath, IReadOnlyList<WrittenFigure> Figures, IReadOnlyList<string> Notes, int CellCount);
