using System.Globalization;

namespace HdCluster.Reports.Data;

/// <summary>
/// What a report needs to know about an optimizer spec (the text a cell ran, e.g. <c>sgd_hd(lr=0.01, beta=1e-3)</c>
/// or <c>sgd(0.1) / rmsprop(auto) / rmsprop(auto)</c>): the method's name as papers print it, its family (the
/// base optimizer, which picks a colour) and variant (HD, or the hyperoptimizer levels, which pick a dash),
/// and the initial step size and hypergradient rate. Read from the text alone, so reports need no optimizer code.
/// </summary>
public sealed class MethodSpec
{
    private static readonly string[] StepSizeKeys = ["lr", "alpha", "alpha_0"];

    private static readonly Dictionary<string, string> DisplayNames = new(StringComparer.Ordinal)
    {
        ["sgd"] = "SGD",
        ["sgdn"] = "SGDN",
        ["adam"] = "Adam",
        ["adagrad"] = "AdaGrad",
        ["rmsprop"] = "RMSProp",
        ["adam_baydin"] = "Adam-Baydin",
        ["none"] = "none",
    };

    private MethodSpec(string text, IReadOnlyList<SpecLevel> levels)
    {
        Text = text;
        Levels = levels;
    }

    public string Text { get; }

    public IReadOnlyList<SpecLevel> Levels { get; }

    public SpecLevel Base => Levels[0];

    /// <summary>The levels above the base that learn something (a closing <c>none</c> is not one).</summary>
    public IReadOnlyList<SpecLevel> Hyperoptimizers => Levels.Skip(1).Where(l => l.Name != "none").ToArray();

    /// <summary>The base optimizer without its HD suffix: sgd for sgd_hd. Colours pair by family.</summary>
    public string Family => Base.Name switch
    {
        "adam_baydin" => "adam",
        var name when name.EndsWith("_hd", StringComparison.Ordinal) => name[..^3],
        var name => name,
    };

    /// <summary>"" for the plain method (the baseline), "HD" for hypergradient descent, else the hyperoptimizer levels ("RMSProp ×3").</summary>
    public string Variant =>
        Levels.Count == 1
            ? Base.Name.EndsWith("_hd", StringComparison.Ordinal) ? "HD" : Base.Name == "adam_baydin" ? "Baydin" : ""
            : Compress(Hyperoptimizers.Select(l => Display(l.Name)).ToArray());

    public bool IsBaseline => Variant.Length == 0;

    /// <summary>The method as papers name it: SGD-HD, Adam, SGD / RMSProp ×2, SGD / none.</summary>
    public string Label => Levels.Count == 1
        ? Display(Base.Name)
        : $"{Display(Base.Name)} / {(Hyperoptimizers.Count == 0 ? "none" : Variant)}";

    /// <summary>The base level's initial step size (lr, alpha or the first positional argument), if a number.</summary>
    public double? Alpha => Base.Number(StepSizeKeys) ?? Base.Positional(0);

    /// <summary>The hypergradient rate beta of an HD method, if given as a number.</summary>
    public double? Beta => Base.Number(["beta"]);

    public static MethodSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var levels = SplitTopLevel(text, '/').Select(SpecLevel.Parse).Where(l => l.Name.Length > 0).ToArray();
        return new MethodSpec(text, levels.Length > 0 ? levels : [SpecLevel.Parse(text)]);
    }

    public override string ToString() => Label;

    internal static IEnumerable<string> SplitTopLevel(string text, char separator)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (text[i] == separator && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }

        yield return text[start..];
    }

    private static string Display(string name) =>
        DisplayNames.TryGetValue(name, out var shown) ? shown
        : name.EndsWith("_hd", StringComparison.Ordinal) ? Display(name[..^3]) + "-HD"
        : name;

    private static string Compress(IReadOnlyList<string> names)
    {
        var parts = new List<string>();
        for (var i = 0; i < names.Count;)
        {
            var run = 1;
            while (i + run < names.Count && names[i + run] == names[i])
            {
                run++;
            }

            parts.Add(run > 1 ? string.Create(CultureInfo.InvariantCulture, $"{names[i]} ×{run}") : names[i]);
            i += run;
        }

        return string.Join(" / ", parts);
    }
}
