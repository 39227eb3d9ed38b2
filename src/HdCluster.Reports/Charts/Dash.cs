namespace HdCluster.Reports.Charts;

/// <summary>How a line is stroked. Pairs of related series share a colour and differ by dash.</summary>
public enum Dash
{
    Solid,
    Dashed,
    Dotted,
    DashDot,
    LongDash,
}

public static class DashExtensions
{
    /// <summary>The SVG <c>stroke-dasharray</c> for a line of <paramref name="width"/>, or null for a solid line.</summary>
    public static string? DashArray(this Dash dash, double width)
    {
        // Scaled by the line width so that thick lines keep the same look.
        var w = Math.Max(width, 1);
        return dash switch
        {
            Dash.Solid => null,
            Dash.Dashed => Pattern(5 * w, 3 * w),
            Dash.Dotted => Pattern(1 * w, 2 * w),
            Dash.DashDot => Pattern(5 * w, 2 * w, 1 * w, 2 * w),
            Dash.LongDash => Pattern(10 * w, 3 * w),
            _ => throw new ArgumentOutOfRangeException(nameof(dash), dash, "Unknown dash."),
        };
    }

    /// <summary>The lower-case name used in the SVG's data attributes (solid, dashed, ...).</summary>
    public static string Name(this Dash dash) => dash.ToString().ToLowerInvariant();

    private static string Pattern(params double[] lengths) => string.Join(" ", lengths.Select(SvgWriter.Number));
}
