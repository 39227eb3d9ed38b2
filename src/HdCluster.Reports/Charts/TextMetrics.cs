namespace HdCluster.Reports.Charts;

/// <summary>
/// Estimated text widths for layout. SVG cannot measure text before a viewer renders it, so margins and
/// legends are sized from per-character widths of DejaVu Sans (the font the figures ask for first),
/// erring wide so that labels are not clipped in fonts a little wider.
/// </summary>
public static class TextMetrics
{
    public static double Width(string text, double fontSize)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ems = 0.0;
        foreach (var c in text)
        {
            ems += c switch
            {
                'i' or 'l' or 'j' or '.' or ',' or ':' or ';' or '\'' or '|' or '!' => 0.3,
                'f' or 't' or 'r' or '(' or ')' or '[' or ']' or ' ' or '-' or '/' => 0.4,
                'm' or 'w' or 'M' or 'W' or '×' or '—' => 0.9,
                >= 'A' and <= 'Z' => 0.7,
                >= '⁰' and <= '⁻' or '¹' or '²' or '³' => 0.42,
                _ => 0.62,
            };
        }

        return ems * fontSize;
    }
}
