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

    /// <summary>The method: the first level's kind (<c>sgd_hd</c>, <c>adam</c>, ...).</summary>
    public string Method => First.Kind;

    /// <summary>The levels above the first that learn something (a closing <c>none</c>, <c>noop</c> or <c>fixed</c> is not one).</summary>
    public IReadOnlyList<LevelSpec> Hyperoptimizers => [.. Levels.Skip(1).Where(l => !l.ClosesTower)];

    /// <summary>The method as papers print it: <c>SGD-HD</c>, <c>Adam</c>, <c>SGD / RMSProp ×2</c>, <c>SGD / none</c>.</summary>
    public string Label
    {
        get
        {
            if (Levels.Count == 1)
            {
                return MethodNames.Display(Method);
            }

            var above = Hyperoptimizers.Select(l => MethodNames.Display(l.Kind)).ToList();
            return $"{MethodNames.Display(Method)} / {(above.Count == 0 ? "none" : MethodNames.Runs(above))}";
        }
    }

    public override string ToString() => Canonical;
}

/// <summary>One level: a kind (<c>sgd</c>, <c>adam_hd</c>, ...) with positional and named arguments.</summary>
public sealed record LevelSpec(string Kind, IReadOnlyList<SpecValue> Positional, IReadOnlyDictionary<string, SpecValue> Named, int Position)
{
    private static readonly string[] StepSizeKeys = ["lr", "alpha", "alpha_0"];

    /// <summary>True for <c>none</c>, <c>noop</c> or <c>fixed</c>: the marker that closes a tower, not an optimizer.</summary>
    public bool ClosesTower => Kind is "none" or "noop" or "fixed";

    /// <summary>The initial step size as written (<c>lr</c>, <c>alpha</c>, <c>alpha_0</c> or the first positional
    /// argument), when it is a number; null when defaulted or <c>auto</c>.</summary>
    public double? StepSize => Number(StepSizeKeys) ?? (Positional.Count > 0 ? Positional[0].Number : null);

    /// <summary>The hypergradient rate as written (<c>beta</c> or <c>hypergrad_lr</c>), when it is a number.</summary>
    public double? HypergradientRate => Number(["beta", "hypergrad_lr"]);

    /// <summary>The first of <paramref name="keys"/> given as a named number.</summary>
    public double? Number(IEnumerable<string> keys) =>
        keys.Select(k => Named.TryGetValue(k, out var v) ? v.Number : null).FirstOrDefault(n => n is not null);

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
