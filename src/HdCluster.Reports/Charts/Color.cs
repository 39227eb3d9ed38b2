using System.Globalization;

namespace HdCluster.Reports.Charts;

/// <summary>An opaque sRGB colour, written to SVG as <c>#rrggbb</c>.</summary>
public readonly record struct Color(byte R, byte G, byte B)
{
    public static readonly Color Black = new(0, 0, 0);
    public static readonly Color White = new(255, 255, 255);

    public string Hex => $"#{R:x2}{G:x2}{B:x2}";

    /// <summary>Relative luminance in [0, 1] (Rec. 709 weights on gamma-encoded values, enough to pick a readable text colour).</summary>
    public double Luminance => ((0.2126 * R) + (0.7152 * G) + (0.0722 * B)) / 255.0;

    public static Color FromHex(string hex)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hex);
        var digits = hex.StartsWith('#') ? hex[1..] : hex;
        if (digits.Length != 6 || !int.TryParse(digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var rgb))
        {
            throw new FormatException($"'{hex}' is not a colour of the form #rrggbb.");
        }

        return new Color((byte)(rgb >> 16), (byte)((rgb >> 8) & 0xff), (byte)(rgb & 0xff));
    }

    /// <summary>The colour a fraction <paramref name="t"/> of the way from this one to <paramref name="other"/>.</summary>
    public Color Mix(Color other, double t)
    {
        t = Math.Clamp(t, 0, 1);
        return new Color(Channel(R, other.R, t), Channel(G, other.G, t), Channel(B, other.B, t));
    }

    public override string ToString() => Hex;

    private static byte Channel(byte from, byte to, double t) => (byte)Math.Round(from + ((to - from) * t));
}
