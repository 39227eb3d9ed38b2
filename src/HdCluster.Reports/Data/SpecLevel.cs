using System.Globalization;

namespace HdCluster.Reports.Data;

/// <summary>One level of an optimizer spec: its name and arguments as written (<c>sgd(0.1, mu=0.9)</c>).</summary>
public sealed record SpecLevel(string Name, IReadOnlyList<(string? Key, string Value)> Arguments)
{
    public static SpecLevel Parse(string text)
    {
        var trimmed = text.Trim();
        var open = trimmed.IndexOf('(');
        if (open < 0)
        {
            return new SpecLevel(trimmed.ToLowerInvariant(), []);
        }

        var close = trimmed.LastIndexOf(')');
        var inside = close > open ? trimmed[(open + 1)..close] : trimmed[(open + 1)..];
        var arguments = MethodSpec.SplitTopLevel(inside, ',')
            .Select(a => a.Trim())
            .Where(a => a.Length > 0)
            .Select(a => a.IndexOf('=') is var eq and > 0 ? ((string?)a[..eq].Trim().ToLowerInvariant(), a[(eq + 1)..].Trim()) : (null, a))
            .ToArray();
        return new SpecLevel(trimmed[..open].Trim().ToLowerInvariant(), arguments);
    }

    /// <summary>The first argument named one of <paramref name="keys"/>, if it is a number.</summary>
    public double? Number(IReadOnlyList<string> keys) =>
        Arguments.Where(a => a.Key is not null && keys.Contains(a.Key)).Select(a => ParseNumber(a.Value)).FirstOrDefault(v => v.HasValue);

    /// <summary>The <paramref name="index"/>-th unnamed argument, if it is a number.</summary>
    public double? Positional(int index) =>
        Arguments.Where(a => a.Key is null).Select(a => a.Value).ElementAtOrDefault(index) is { } value ? ParseNumber(value) : null;

    private static double? ParseNumber(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
}
