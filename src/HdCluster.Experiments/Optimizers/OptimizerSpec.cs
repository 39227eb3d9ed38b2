using System.Globalization;

namespace HdCluster.Experiments;

/// <summary>A parsed optimizer spec: one or more levels, level 1 (leftmost) optimizing the model and
/// each following level optimizing the hyperparameters of the one before it.</summary>
public sealed record OptimizerSpec(IReadOnlyList<LevelSpec> Levels, string Text)
{
    /// <summary>True for a stack written with <c>/</c>: Chandra et al.'s hyperoptimizer semantics.</summary>
    public bool IsTower => Levels.Count > 1;

    public LevelSpec First => Levels[0];

    public static OptimizerSpec Parse(string text) => SpecParser.Parse(text);

    // A spec is read once per cell and its canonical text asked for by every id and table: written once.
    private string? canonical;

    /// <summary>The canonical text: same spec, same string (used in cell ids).</summary>
    public string Canonical => canonical ??= string.Join(" / ", Levels.Select(l => l.Canonical));

    public override string ToString() => Canonical;
}

/// <summary>One level: a kind (<c>sgd</c>, <c>adam_hd</c>, ...) with positional and named arguments.</summary>
public sealed record LevelSpec(string Kind, IReadOnlyList<SpecValue> Positional, IReadOnlyDictionary<string, SpecValue> Named, int Position)
{
    public string Canonical
    {
        get
        {
            var parts = Positional.Select(v => v.ToString()).Concat(Named.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));
            return $"{Kind}({string.Join(", ", parts)})";
        }
    }
}

/// <summary>An argument value: a number, the word <c>auto</c>, or a boolean. <see cref="Position"/> is where the
/// argument starts: the value itself, or the key of a named argument.</summary>
public readonly record struct SpecValue(double? Number, string? Word, int Position)
{
    public bool IsAuto => Word == "auto";

    public override string ToString() => Number is { } n ? n.ToString("R", CultureInfo.InvariantCulture) : Word ?? "";
}
