using HdCluster.Reports.Plotting;
using HdCluster.Reports.Data;

namespace HdCluster.Reports.Figures;

/// <summary>
/// What varies across a sweep's cells, and how a report should split it. Besides the method, a setting or
/// template variable that varies is either bound to the method (it takes one value per method, as a tower's
/// height or a linked axis's step size does: it says nothing the method does not) or free (alpha_0 across
/// methods, seeds): free ones split figures, so that each figure compares methods at one setting.
/// </summary>
public sealed class SweepDimensions
{
    public const string Alpha0 = "alpha_0";
    public const string Beta = "beta";
    public const string Height = "height";

    private static readonly string[] VariableOrder = [Alpha0, Beta, "mu", Height];

    private readonly HashSet<string> varying;
    private readonly HashSet<string> bound;

    private SweepDimensions(IReadOnlyList<string> ordered, HashSet<string> varying, HashSet<string> bound)
    {
        this.varying = varying;
        this.bound = bound;
        Free = ordered.Where(d => varying.Contains(d) && !bound.Contains(d)).ToArray();
    }

    /// <summary>Dimensions that vary independently of the method, in the order figures are split by them.</summary>
    public IReadOnlyList<string> Free { get; }

    /// <summary>Whether lines are told apart by tower height rather than by method: height varies and the method follows from it.</summary>
    public bool HeightDriven => IsBound(Height);

    public static SweepDimensions Of(IReadOnlyList<CellRow> cells)
    {
        var variables = cells.SelectMany(c => c.Variables.Keys).Distinct(StringComparer.Ordinal)
            .OrderBy(v => Array.IndexOf(VariableOrder, v) is var i && i >= 0 ? i : VariableOrder.Length)
            .ThenBy(v => v, StringComparer.Ordinal);
        var settings = ResultsData.SettingColumns.Where(s => s != "seed");
        var ordered = settings.Concat(variables).Append("seed").Distinct(StringComparer.Ordinal).ToArray();
        var varying = ordered.Where(d => cells.Select(c => ValueOf(c, d)).Distinct(StringComparer.Ordinal).Count() > 1).ToHashSet(StringComparer.Ordinal);
        var byMethod = cells.GroupBy(c => c.Method.Label, StringComparer.Ordinal).ToArray();
        var bound = varying
            .Where(d => byMethod.Length > 1 && byMethod.All(g => g.Select(c => ValueOf(c, d)).Distinct(StringComparer.Ordinal).Count() <= 1))
            .ToHashSet(StringComparer.Ordinal);
        return new SweepDimensions(ordered, varying, bound);
    }

    public bool Varies(string dimension) => varying.Contains(dimension);

    public bool IsFree(string dimension) => Free.Contains(dimension);

    public bool IsBound(string dimension) => bound.Contains(dimension);

    /// <summary>A cell's value of a setting or variable as text ("" where it has none).</summary>
    public static string ValueOf(CellRow cell, string dimension) =>
        cell.Variables.TryGetValue(dimension, out var variable) ? variable.Text
        : cell.Settings.TryGetValue(dimension, out var setting) ? setting
        : "";

    /// <summary>A value as titles and legends show it: numbers short (0.001, 10⁻⁶), text as is.</summary>
    public static string Display(CellRow cell, string dimension) =>
        cell.Variables.TryGetValue(dimension, out var variable) && variable.Number is { } number ? TickFormat.Compact(number) : ValueOf(cell, dimension);

    /// <summary>
    /// The cells split by the values of <paramref name="dimensions"/>, in order of those values (numbers
    /// numerically). Where there are more than <paramref name="limit"/> groups, the ones whose best cell has the
    /// lowest loss are kept; <paramref name="dropped"/> says how many were not.
    /// </summary>
    public static IReadOnlyList<CellGroup> Group(IReadOnlyList<CellRow> cells, IReadOnlyList<string> dimensions, int limit, out int dropped)
    {
        var groups = cells
            .GroupBy(c => string.Join("\u001f", dimensions.Select(d => ValueOf(c, d))), StringComparer.Ordinal)
            .Select(g => new CellGroup(dimensions.Select(d => new GroupKey(d, ValueOf(g.First(), d), Display(g.First(), d), g.First().Number(d))).ToArray(), g.ToArray()))
            .OrderBy(g => g, CellGroup.KeyOrder)
            .ToArray();
        dropped = Math.Max(0, groups.Length - limit);
        if (dropped == 0)
        {
            return groups;
        }

        return groups
            .OrderBy(g => g.Cells.Select(c => c.RankingLoss).Where(double.IsFinite).DefaultIfEmpty(double.PositiveInfinity).Min())
            .Take(limit)
            .OrderBy(g => g, CellGroup.KeyOrder)
            .ToArray();
    }
}
