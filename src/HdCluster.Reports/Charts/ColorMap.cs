namespace HdCluster.Reports.Charts;

/// <summary>
/// A continuous colour map: colours at evenly spaced stops, linearly interpolated between them. The stops
/// are also what an SVG gradient for a colour bar needs, so a bar shows exactly the colours cells get.
/// </summary>
public sealed class ColorMap
{
    /// <summary>Viridis (perceptually uniform, readable in grey), sampled at nine points.</summary>
    public static readonly ColorMap Viridis = new(
        "viridis",
        ["#440154", "#472d7b", "#3b528b", "#2c728e", "#21918c", "#28ae80", "#5ec962", "#addc30", "#fde725"]);

    private readonly Color[] stops;

    public ColorMap(string name, IReadOnlyList<string> hexStops)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (hexStops.Count < 2)
        {
            throw new ArgumentException("A colour map needs at least two stops.", nameof(hexStops));
        }

        Name = name;
        stops = hexStops.Select(Color.FromHex).ToArray();
    }

    public string Name { get; }

    public IReadOnlyList<Color> Stops => stops;

    /// <summary>The colour at <paramref name="t"/> in [0, 1] (clamped).</summary>
    public Color At(double t)
    {
        if (double.IsNaN(t))
        {
            throw new ArgumentOutOfRangeException(nameof(t), "A colour map position cannot be NaN.");
        }

        var position = Math.Clamp(t, 0, 1) * (stops.Length - 1);
        var lower = (int)Math.Floor(position);
        return lower >= stops.Length - 1 ? stops[^1] : stops[lower].Mix(stops[lower + 1], position - lower);
    }
}
