using System.Globalization;

namespace HdCluster.Experiments;

/// <summary>Device names as written in sweep files (<c>cpu</c>, <c>cuda</c>, <c>cuda:N</c>), checked as text so that
/// describing a cell never needs torch. The canonical forms are the bridge's own (<c>cuda</c> is <c>cuda:0</c>).</summary>
public static class DeviceName
{
    /// <summary>The canonical form: <c>cpu</c> or <c>cuda:N</c>.</summary>
    public static string Canonical(string text) =>
        TryCanonical(text) ?? throw new ArgumentException(Message(text), nameof(text));

    /// <summary>What is wrong with the name, or null when it names a device.</summary>
    public static string? Problem(string text) => TryCanonical(text) is null ? Message(text) : null;

    /// <summary>True for a CUDA device name (valid or not, any spelling of <c>cuda</c>).</summary>
    public static bool IsCuda(string text) => TryCanonical(text) is { } name && name.StartsWith("cuda", StringComparison.Ordinal);

    private static string? TryCanonical(string text)
    {
        if (text is "cpu")
        {
            return "cpu";
        }

        var s = text.Trim().ToLowerInvariant();
        if (s == "cpu")
        {
            return "cpu";
        }

        if (s == "cuda")
        {
            return "cuda:0";
        }

        return s.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(s.AsSpan(5), NumberStyles.Integer, CultureInfo.InvariantCulture, out var index) && index >= 0
            ? $"cuda:{index.ToString(CultureInfo.InvariantCulture)}"
            : null;
    }

    private static string Message(string text) => $"invalid device '{text}' (expected cpu, cuda or cuda:N)";
}
