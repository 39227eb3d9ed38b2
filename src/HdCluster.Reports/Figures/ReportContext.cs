using System.Globalization;
using HdCluster.Reports.Data;

namespace HdCluster.Reports.Figures;

/// <summary>What every figure builder of one report shares: the results, how they vary, the line styles and the published numbers.</summary>
public sealed class ReportContext
{
    /// <summary>At most this many figures of one kind; past it, the settings with the lowest loss are drawn and the rest noted.</summary>
    public const int MaxFiguresPerKind = 12;

    private readonly List<string> notes = [];

    public ReportContext(ResultsData data, PublishedCurves published)
    {
        Data = data;
        Published = published;
        Dimensions = SweepDimensions.Of(data.Cells);
        Styles = SeriesStyles.For(data.Cells, Dimensions);
    }

    public ResultsData Data { get; }

    public PublishedCurves Published { get; }

    public SweepDimensions Dimensions { get; }

    public SeriesStyles Styles { get; }

    /// <summary>What the builders want the reader told (figures left out, settings not drawn).</summary>
    public IReadOnlyList<string> Notes => notes;

    public void Note(string note) => notes.Add(note);

    /// <summary>The cells split by <paramref name="dimensions"/>, at most <see cref="MaxFiguresPerKind"/> groups, with a note when some are left out.</summary>
    public IReadOnlyList<CellGroup> Groups(IReadOnlyList<CellRow> cells, IReadOnlyList<string> dimensions, string kind)
    {
        var groups = SweepDimensions.Group(cells, dimensions, MaxFiguresPerKind, out var dropped);
        if (dropped > 0)
        {
            Note(string.Create(CultureInfo.InvariantCulture, $"{kind}: drawn for the {groups.Count} settings whose best cell has the lowest loss; {dropped} more are in the tables only."));
        }

        return groups;
    }

    /// <summary>Cells in the order their lines and bars are drawn.</summary>
    public IReadOnlyList<CellRow> Ordered(IEnumerable<CellRow> cells) =>
        cells.OrderBy(Styles.SortKey).ThenBy(c => c.CellId, StringComparer.Ordinal).ToArray();

    /// <summary>The settings the cells share, as a subtitle: "quickstart · logreg on mnist · batch 128 · 2 epochs".</summary>
    public string Describe(IReadOnlyList<CellRow> cells)
    {
        string? Shared(string setting)
        {
            var values = cells.Select(c => c.Settings.GetValueOrDefault(setting, "")).Distinct(StringComparer.Ordinal).ToArray();
            return values.Length == 1 && values[0].Length > 0 ? values[0] : null;
        }

        var parts = new List<string>();
        var sweeps = cells.Select(c => c.Sweep).Distinct(StringComparer.Ordinal).ToArray();
        if (sweeps.Length == 1)
        {
            parts.Add(sweeps[0]);
        }

        if (Shared("model") is { } model)
        {
            parts.Add(Shared("dataset") is { } dataset ? $"{model} on {dataset}" : model);
        }

        if (Shared("batch_size") is { } batch)
        {
            parts.Add($"batch {batch}");
        }

        if (Shared("epochs") is { } epochs)
        {
            parts.Add(epochs == "1" ? "1 epoch" : $"{epochs} epochs");
        }

        if (Shared("train_limit") is { } limit)
        {
            parts.Add($"first {limit} training examples");
        }

        if (Shared("seed") is { } seed)
        {
            parts.Add($"seed {seed}");
        }

        return string.Join(" · ", parts);
    }
}
