namespace HdCluster.Experiments;

/// <summary>Element types a cell can train in, as written in sweep files, checked as text so that describing a cell
/// never needs torch. Models are built and trained in this type, so it must be a floating one.</summary>
public static class DtypeName
{
    // Canonical names are the lowercase names of the bridge's ScalarType values, which cell ids were made from.
    private static readonly Dictionary<string, string> Floating = new(StringComparer.OrdinalIgnoreCase)
    {
        ["float32"] = "float32",
        ["float"] = "float32",
        ["float64"] = "float64",
        ["double"] = "float64",
        ["float16"] = "float16",
        ["half"] = "float16",
        ["bfloat16"] = "bfloat16",
    };

    private static readonly string[] NotFloating = ["int64", "long", "int32", "int", "uint8", "byte", "bool"];

    /// <summary>The canonical form: <c>float32</c>, <c>float64</c>, <c>float16</c> or <c>bfloat16</c>.</summary>
    public static string Canonical(string text) =>
        Floating.GetValueOrDefault(text) ?? throw new ArgumentException(Problem(text), nameof(text));

    /// <summary>What is wrong with the name, or null when a model can train in it.</summary>
    public static string? Problem(string text)
    {
        if (Floating.ContainsKey(text))
        {
            return null;
        }

        return NotFloating.Contains(text.ToLowerInvariant())
            ? $"'{text}' cannot hold trainable weights (expected float32 or float64)"
            : $"unknown dtype '{text}' (expected float32 or float64)";
    }
}
