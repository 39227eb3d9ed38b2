using ScottPlot;

namespace HdCluster.Reports.Plotting;

/// <summary>How a series is drawn: colour, dash, and marker (None for a plain line). Legends show all three.</summary>
public readonly record struct LineLook(Color Color, LinePattern Pattern, MarkerShape Marker = MarkerShape.None)
{
    /// <summary>Solid, dashed, dotted, dash-dot, long dashes: what tells apart related series of one colour.</summary>
    public static readonly IReadOnlyList<LinePattern> Dashes =
    [
        LinePattern.Solid,
        LinePattern.Dashed,
        LinePattern.Dotted,
        new LinePattern([8, 4, 2, 4], 0, "DashDot"),
        new LinePattern([16, 5], 0, "LongDash"),
    ];

    /// <summary>The Tableau 10 colours (matplotlib's default cycle), which readers of ML papers know.</summary>
    public static readonly ScottPlot.Palettes.Category10 Palette = new();

    public static readonly ScottPlot.Colormaps.Viridis Viridis = new();

    public static LineLook Diverged(Color color) => new(color, LinePattern.Solid, MarkerShape.Eks);

    /// <summary>What tells two legend entries apart; equal signatures would look the same.</summary>
    public string Signature => $"{Color.ToHex()}|{Pattern.Name}|{Marker}";
}
