using HdCluster.Reports.Charts;
using HdCluster.Reports.Data;
using HdCluster.Reports.Figures;
using HdCluster.Reports.Html;
using HdCluster.Reports.Output;
using HdCluster.Results;

namespace HdCluster.Reports;

/// <summary>
/// Makes a report from a results folder: reads the cells and curves, picks the figures the results can fill
/// (learning curves always; online tuning, grid search, tower heights and tower trajectories where the sweep
/// varies what they need), writes each as SVG and PNG, and writes index.html with the summary tables.
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

        var png = options.WritePng ? PngRenderer.Find(options.ToolSearchPath) : null;
        if (options.WritePng && png is null && figures.Length > 0)
        {
            notes.Add(PngRenderer.InstallAdvice);
        }

        var written = new List<WrittenFigure>();
        foreach (var figure in figures)
        {
            var svg = Path.Combine(figureFolder, figure.Name + ".svg");
            FigureRenderer.Save(figure.Figure, svg);
            string? pngFile = null;
            if (png is not null)
            {
                var target = Path.Combine(figureFolder, figure.Name + ".png");
                try
                {
                    png.Convert(svg, target);
                    pngFile = $"{FiguresFolder}/{figure.Name}.png";
                }
                catch (IOException e)
                {
                    notes.Add($"No PNG for {figure.Name}: {e.Message}");
                }
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
