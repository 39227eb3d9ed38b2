using System.CommandLine;
using HdCluster.Reports;
using HdCluster.Results;
using Spectre.Console;

namespace HdCluster.Cli.Commands;

/// <summary><c>hdc report RESULTS_DIR</c>: the papers' figures and a summary page from a sweep's results.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("results-dir") { Description = "a sweep's results folder, e.g. results/quickstart" };
        var output = new Option<string?>("--out") { Description = "where index.html and figures/ go (default: RESULTS_DIR/report)" };
        var published = new Option<string?>("--published")
        {
            Description = "published per-epoch curves to overlay, in the form of paper-curves/baydin2018_epochs.csv (default: that file, found above the results folder)",
        };
        var command = new Command("report", "figures (SVG and PNG) and an offline index.html from a sweep's results") { folder, output, published };
        command.SetAction(parse =>
        {
            var dir = parse.GetValue(folder)!;
            if (!Directory.Exists(dir))
            {
                Console.Error.WriteLine($"hdc report: '{dir}' does not exist");
                return 2;
            }

            ReportOutcome outcome;
            try
            {
                outcome = ReportBuilder.Build(new ReportOptions(dir) { OutFolder = parse.GetValue(output), PublishedFile = parse.GetValue(published) });
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or DuckDbException or ResultsStoreException)
            {
                Console.Error.WriteLine($"hdc report: {e.Message}");
                return 1;
            }

            var table = new Table().AddColumns("figure", "files");
            foreach (var figure in outcome.Figures)
            {
                table.AddRow(Markup.Escape(figure.Figure.Title), Markup.Escape(figure.SvgPath + (figure.PngPath is null ? "" : ", .png")));
            }

            AnsiConsole.Write(table);
            foreach (var note in outcome.Notes)
            {
                AnsiConsole.MarkupLine($"[yellow]note[/]: {Markup.Escape(note)}");
            }

            AnsiConsole.MarkupLine($"{outcome.CellCount} cells, {outcome.Figures.Count} figures: open [bold]{Markup.Escape(outcome.IndexPath)}[/]");
            return outcome.CellCount == 0 ? 1 : 0;
        });
        return command;
    }
}
