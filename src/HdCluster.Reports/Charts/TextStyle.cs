namespace HdCluster.Reports.Charts;

/// <summary>Where a text's x coordinate sits: at its start, middle or end.</summary>
public enum TextAnchor
{
    Start,
    Middle,
    End,
}

/// <summary>Font size (px), anchor, weight and colour of a text.</summary>
public sealed record TextStyle(double Size, TextAnchor Anchor = TextAnchor.Start, bool Bold = false)
{
    public Color Color { get; init; } = Color.Black;

    public static TextStyle Small(TextAnchor anchor = TextAnchor.Start) => new(10.5, anchor);

    public static TextStyle Normal(TextAnchor anchor = TextAnchor.Start) => new(12, anchor);

    public static TextStyle Heading(TextAnchor anchor = TextAnchor.Start) => new(13, anchor, Bold: true);
}
