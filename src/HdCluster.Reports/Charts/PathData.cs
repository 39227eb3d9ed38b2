using System.Text;

namespace HdCluster.Reports.Charts;

/// <summary>The <c>d</c> attribute of an SVG path, built from moves and lines (coordinates in pixels).</summary>
public sealed class PathData
{
    private readonly StringBuilder text = new();

    public bool IsEmpty => text.Length == 0;

    public PathData MoveTo(double x, double y) => Append('M', x, y);

    public PathData LineTo(double x, double y) => Append('L', x, y);

    public PathData Close()
    {
        text.Append('Z');
        return this;
    }

    public override string ToString() => text.ToString();

    private PathData Append(char command, double x, double y)
    {
        if (text.Length > 0)
        {
            text.Append(' ');
        }

        text.Append(command).Append(SvgWriter.Number(x)).Append(' ').Append(SvgWriter.Number(y));
        return this;
    }
}
