namespace HdCluster.Reports.Charts;

/// <summary>Draws one marker of a <see cref="MarkerShape"/>, centred on a point, <c>size</c> pixels across.</summary>
public static class MarkerPainter
{
    public static void Draw(SvgWriter svg, MarkerShape shape, double x, double y, double size, Color color, bool hollow = false)
    {
        var r = size / 2;
        var fill = hollow ? "white" : color.Hex;
        switch (shape)
        {
            case MarkerShape.None:
                return;
            case MarkerShape.Circle:
                svg.Circle(x, y, r, fill, color.Hex, 1.2);
                break;
            case MarkerShape.Square:
                svg.Rect(x - r, y - r, size, size, fill, color.Hex, 1.2);
                break;
            case MarkerShape.Triangle:
                svg.Path(new PathData().MoveTo(x, y - r).LineTo(x + r, y + r).LineTo(x - r, y + r).Close(), color.Hex, 1.2, fill);
                break;
            case MarkerShape.Diamond:
                svg.Path(new PathData().MoveTo(x, y - r).LineTo(x + r, y).LineTo(x, y + r).LineTo(x - r, y).Close(), color.Hex, 1.2, fill);
                break;
            case MarkerShape.Cross:
                svg.Path(new PathData().MoveTo(x - r, y - r).LineTo(x + r, y + r).MoveTo(x - r, y + r).LineTo(x + r, y - r), color.Hex, 2);
                break;
            case MarkerShape.Plus:
                svg.Path(new PathData().MoveTo(x - r, y).LineTo(x + r, y).MoveTo(x, y - r).LineTo(x, y + r), color.Hex, 2);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(shape), shape, "Unknown marker shape.");
        }

        svg.End();
    }
}
