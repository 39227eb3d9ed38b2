using System.Globalization;

namespace HdCluster.Experiments;

/// <summary>Optimizer kinds as papers print them (<c>sgd_hd</c> is SGD-HD), for labels, tables and figure legends.</summary>
public static class MethodNames
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["sgd"] = "SGD",
        ["sgdn"] = "SGDN",
        ["adam"] = "Adam",
        ["adagrad"] = "AdaGrad",
        ["rmsprop"] = "RMSProp",
        ["adam_baydin"] = "Adam-Baydin",
    };

    /// <summary>The printed name of a kind: SGD, Adam-HD, RMSProp; a kind we do not know as written.</summary>
    public static string Display(string kind) =>
        Names.TryGetValue(kind, out var name) ? name
        : kind.EndsWith("_hd", StringComparison.Ordinal) ? Display(kind[..^3]) + "-HD"
        : kind;

    /// <summary>Names with runs written once with their count: [RMSProp, RMSProp, SGD] is "RMSProp ×2 / SGD".</summary>
    public static string Runs(IReadOnlyList<string> names)
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
