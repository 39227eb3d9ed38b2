using HdCluster.Reports.Data;
using HdCluster.Reports.Figures;
using HdCluster.Reports.Html;
using HdCluster.Reports.Plotting;
using HdCluster.Results;

namespace HdCluster.Reports;

/// <summary>
/// Makes a report from a results folder: reads the cells and curves, picks the figures the results can fill
/// (learning curves always; online tuning, grid search, tower heights and tower trajectories where the sweep
/// varies what they need), draws each with ScottPlot as SVG and PNG, and writes index.html with the summary tables.
/// </summary>
public static class ReportBuilder
{
    public const string FiguresFolder = "figures";

    /// <summary>The figure kinds, in the order the page shows them.</summary>
    public static readonly IReadOnlyList<Func<ReportContext, IEnumerable<ReportFigure>>> Builders =
    [
        LearningCurvesFigure.Build,
        OnlineTuningFigure.Build,
        GridSearchFigure.Build,
        TowerHeightFigure.Build,
        TowerTrajectoriesFigure.Build,
    ];

    public static ReportOutcome Build(ReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Directory.Exists(options.ResultsFolder))
        {
            throw new DirectoryNotFoundException($"The results folder '{options.ResultsFolder}' does not exist.");
        }

        ReportFont.Register(options.FontFolder);
        ResultsData data;
        using (var store = new ResultsStore(options.ResultsFolder))
        {
            data = ResultsData.Load(store);
        }

        var notes = new List<string>();
        var published = LoadPublished(options, notes);
        var context = new ReportContext(data, published);
        var figures = data.Cells.Count == 0 ? [] : Builders.SelectMany(build => build(context)).ToArray();

        var outFolder = Path.GetFullPath(options.OutFolder ?? Path.Combine(options.ResultsFolder, "report"));
        var figureFolder = Path.Combine(outFolder, FiguresFolder);
        Directory.CreateDirectory(figureFolder);
        foreach (var stale in Directory.EnumerateFiles(figureFolder).Where(f => f.EndsWith(".svg", StringComparison.Ordinal) || f.EndsWith(".png", StringComparison.Ordinal)))
        {
            File.Delete(stale);
        }

        var written = new List<WrittenFigure>();
        foreach (var figure in figures)
        {
            SheetRenderer.SaveSvg(figure.Figure, Path.Combine(figureFolder, figure.Name + ".svg"));
            string? pngFile = null;
            if (options.WritePng)
            {
                SheetRenderer.SavePng(figure.Figure, Path.Combine(figureFolder, figure.Name + ".png"));
                pngFile = $"{FiguresFolder}/{figure.Name}.png";
            }

            written.Add(new WrittenFigure(figure, $"{FiguresFolder}/{figure.Name}.svg", pngFile));
        }

        if (data.Cells.Count == 0)
        {
            notes.Add("The results folder holds no cells yet: run the sweep (hdc run) and report again.");
        }

        notes.AddRange(context.Notes);
        var index = Path.Combine(outFolder, "index.html");
        IndexPage.Write(index, options.ResultsFolder, ReportSummary.Of(context), written, notes);
        return new ReportOutcome(index, written, notes, data.Cells.Count);
    }

    private static PublishedCurves LoadPublished(ReportOptions options, List<string> notes)
    {
        if (options.PublishedFile is { } file)
        {
            return PublishedCurves.Load(file);
        }

        var found = PublishedCurves.FindDefault(options.ResultsFolder, Environment.CurrentDirectory, AppContext.BaseDirectory);
        if (found is null)
        {
            notes.Add($"No published curves to compare with: {PublishedCurves.DefaultFileName} was not found in shared/reference/paper-curves above the results folder (give one with --published).");
            return PublishedCurves.None;
        }

        return PublishedCurves.Load(found);
    }
}
