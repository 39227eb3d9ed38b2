using System.Text.RegularExpressions;

namespace HdCluster.Reports.Data;

/// <summary>
/// A recorded hyperparameter column, <c>L{level}.{name}</c> (L1.lr, L2.alpha): level 1 is the optimizer that
/// trains the model, each higher level the one that tunes the level below.
/// </summary>
public sealed partial record HyperparameterColumn(string Column, int Level, string Name)
{
    public static bool IsHyperparameter(string column) => Pattern().IsMatch(column);

    public static HyperparameterColumn Parse(string column)
    {
        var match = Pattern().Match(column);
        return match.Success
            ? new HyperparameterColumn(column, int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups[2].Value)
            : new HyperparameterColumn(column, 1, column);
    }

    /// <summary>Whether this is a step size (what papers plot as "learning rate").</summary>
    public bool IsStepSize => Name is "lr" or "alpha";

    /// <summary>"learning rate α (L1.lr)", "level 2: alpha (L2.alpha)".</summary>
    public string Title => Level == 1 && IsStepSize ? $"learning rate ({Column})" : $"level {Level}: {Name} ({Column})";

    [GeneratedRegex(@"^L(\d+)\.(.+)$")]
    private static partial Regex Pattern();
}
