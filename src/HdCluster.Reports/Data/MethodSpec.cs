using HdCluster.Experiments;

namespace HdCluster.Reports.Data;

/// <summary>
/// What a report needs to know about an optimizer spec (the text a cell ran, e.g. <c>sgd_hd(lr=0.01, beta=1e-3)</c>
/// or <c>sgd(0.1) / rmsprop(auto) / rmsprop(auto)</c>), read through the Experiments spec parser: the method's
/// name as papers print it, its family (the base optimizer, which picks a colour) and variant (HD, or the
/// hyperoptimizer levels, which pick a dash), and the initial step size and hypergradient rate. A text the parser
/// rejects is still reported, as the optimizer its text starts with.
/// </summary>
public sealed class MethodSpec
{
    private static readonly string[] StepSizeKeys = ["lr", "alpha", "alpha_0"];

    private MethodSpec(string text, IReadOnlyList<LevelSpec> levels)
    {
        Text = text;
        Levels = levels;
    }

    public string Text { get; }

    public IReadOnlyList<LevelSpec> Levels { get; }

    public LevelSpec Base => Levels[0];

    /// <summary>The levels above the base that learn something (a closing <c>none</c> is not one).</summary>
    public IReadOnlyList<LevelSpec> Hyperoptimizers => Levels.Skip(1).Where(l => l.Kind != "none").ToArray();

    /// <summary>The base optimizer without its HD suffix: sgd for sgd_hd. Colours pair by family.</summary>
    public string Family => Base.Kind switch
    {
        "adam_baydin" => "adam",
        var name when name.EndsWith("_hd", StringComparison.Ordinal) => name[..^3],
        var name => name,
    };

    /// <summary>"" for the plain method (the baseline), "HD" for hypergradient descent, else the hyperoptimizer levels ("RMSProp ×3").</summary>
    public string Variant =>
        Levels.Count == 1
            ? Base.Kind.EndsWith("_hd", StringComparison.Ordinal) ? "HD" : Base.Kind == "adam_baydin" ? "Baydin" : ""
            : MethodNames.Runs(Hyperoptimizers.Select(l => MethodNames.Display(l.Kind)).ToArray());

    public bool IsBaseline => Variant.Length == 0;

    /// <summary>The method as papers name it: SGD-HD, Adam, SGD / RMSProp ×2, SGD / none.</summary>
    public string Label => Levels.Count == 1
        ? MethodNames.Display(Base.Kind)
        : $"{MethodNames.Display(Base.Kind)} / {(Hyperoptimizers.Count == 0 ? "none" : Variant)}";

    /// <summary>The base level's initial step size (lr, alpha or the first positional argument), if a number.</summary>
    public double? Alpha => Named(Base, StepSizeKeys) ?? (Base.Positional.Count > 0 ? Base.Positional[0].Number : null);

    /// <summary>The hypergradient rate beta of an HD method, if given as a number.</summary>
    public double? Beta => Named(Base, ["beta"]);

    public static MethodSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            var spec = OptimizerSpec.Parse(text);
            return new MethodSpec(text, spec.Levels);
        }
        catch (SpecSyntaxException)
        {
            // A text with a placeholder left in (sgd(lr={alpha_0})) or a typo: the optimizer it names, without arguments.
            var trimmed = text.Trim();
            var name = new string(trimmed.TakeWhile(c => char.IsAsciiLetterOrDigit(c) || c == '_').ToArray()).ToLowerInvariant();
            return new MethodSpec(text, [new LevelSpec(name.Length > 0 ? name : trimmed, [], new Dictionary<string, SpecValue>(), 0)]);
        }
    }

    public override string ToString() => Label;

    private static double? Named(LevelSpec level, IReadOnlyList<string> keys) =>
        keys.Select(k => level.Named.TryGetValue(k, out var v) ? v.Number : null).FirstOrDefault(v => v.HasValue);
}
