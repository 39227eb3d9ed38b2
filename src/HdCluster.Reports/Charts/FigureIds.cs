namespace HdCluster.Reports.Charts;

/// <summary>Element ids within one SVG document (clip paths, gradients, the hatch pattern), unique per figure.</summary>
public sealed class FigureIds
{
    private int next;

    public string Hatch => "hatch";

    public string Next(string prefix) => $"{prefix}-{++next}";
}
