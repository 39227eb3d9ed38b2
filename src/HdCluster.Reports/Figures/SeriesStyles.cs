using System.Globalization;
using HdCluster.Reports.Data;
using HdCluster.Reports.Plotting;
using ScottPlot;

namespace HdCluster.Reports.Figures;

/// <summary>
/// Names, colours and dashes of the lines of a report, fixed once for all its figures. Methods take their
/// family's colour (SGD blue, Adam green, ...) and their variant's dash: the baseline solid, HD dashed, other
/// variants dotted and so on, so SGD and SGD-HD are one colour told apart by dash. Published curves of a method
/// keep its colour and dash and add a marker of their own per variant (baseline circles, HD triangles), so
/// "SGD (published)" and "SGD-HD (published)" differ twice over. In tower-height sweeps, where the method
/// follows from the height, lines are named by height and coloured along viridis instead.
/// </summary>
public sealed class SeriesStyles
{
    private static readonly string[] FamilyOrder = ["sgd", "sgdn", "adam", "adagrad", "rmsprop"];
    private static readonly MarkerShape[] PublishedMarkers =
        [MarkerShape.OpenCircle, MarkerShape.FilledTriangleUp, MarkerShape.OpenSquare, MarkerShape.FilledDiamond, MarkerShape.OpenTriangleDown];

    private readonly Dictionary<string, int> families;
    private readonly Dictionary<(string Family, string Variant), int> variants;
    private readonly bool byHeight;
    private readonly double maxHeight;

    private SeriesStyles(Dictionary<string, int> families, Dictionary<(string, string), int> variants, bool byHeight, double maxHeight)
    {
        this.families = families;
        this.variants = variants;
        this.byHeight = byHeight;
        this.maxHeight = maxHeight;
    }

    public static SeriesStyles For(IReadOnlyList<CellRow> cells, SweepDimensions dimensions)
    {
        var familyNames = cells.Select(c => c.Method.Family).Distinct(StringComparer.Ordinal)
            .OrderBy(f => Array.IndexOf(FamilyOrder, f) is var i && i >= 0 ? i : FamilyOrder.Length)
            .ThenBy(f => f, StringComparer.Ordinal)
            .ToArray();
        var families = familyNames.Select((f, i) => (f, i)).ToDictionary(x => x.f, x => x.i, StringComparer.Ordinal);
        var variants = new Dictionary<(string, string), int>();
        foreach (var family in cells.GroupBy(c => c.Method.Family, StringComparer.Ordinal))
        {
            var names = family.Select(c => c.Method.Variant).Distinct(StringComparer.Ordinal)
                .OrderBy(v => v switch { "" => 0, "HD" => 1, _ => 2 })
                .ThenBy(v => v.Length)
                .ThenBy(v => v, StringComparer.Ordinal)
                .ToArray();
            for (var i = 0; i < names.Length; i++)
            {
                variants[(family.Key, names[i])] = i;
            }
        }

        var heights = cells.Select(c => c.Number(SweepDimensions.Height)).Where(h => h.HasValue).Select(h => h!.Value).ToArray();
        var byHeight = dimensions.HeightDriven && heights.Length == cells.Count;
        return new SeriesStyles(families, variants, byHeight, heights.DefaultIfEmpty(0).Max());
    }

    /// <summary>The line's name: the method (SGD-HD), or "height 3" in tower-height sweeps.</summary>
    public string Label(CellRow cell) =>
        byHeight ? string.Create(CultureInfo.InvariantCulture, $"height {cell.Number(SweepDimensions.Height)}") : cell.Method.Label;

    public LineLook Of(CellRow cell)
    {
        if (byHeight)
        {
            // Dark (short) to light green (tall), stopping short of viridis' pale yellow end, which is hard to see on white.
            var t = maxHeight > 0 ? cell.Number(SweepDimensions.Height)!.Value / maxHeight : 0;
            return new LineLook(LineLook.Viridis.GetColor(0.85 * t), LinePattern.Solid);
        }

        var family = families.GetValueOrDefault(cell.Method.Family);
        var variant = variants.GetValueOrDefault((cell.Method.Family, cell.Method.Variant));
        return new LineLook(LineLook.Palette.GetColor(family), LineLook.Dashes[variant % LineLook.Dashes.Count]);
    }

    /// <summary>The look of a method's published curve: its colour and dash, and its variant's marker.</summary>
    public LineLook Published(CellRow cell)
    {
        var variant = byHeight ? 0 : variants.GetValueOrDefault((cell.Method.Family, cell.Method.Variant));
        return Of(cell) with { Marker = PublishedMarkers[variant % PublishedMarkers.Length] };
    }

    /// <summary>Sorts lines and bars: by family, baseline before its variants (so HD sits beside its baseline), or by height.</summary>
    public IComparable SortKey(CellRow cell) =>
        byHeight
            ? (0, cell.Number(SweepDimensions.Height) ?? 0, 0)
            : (families.GetValueOrDefault(cell.Method.Family), 0.0, variants.GetValueOrDefault((cell.Method.Family, cell.Method.Variant)));
}
