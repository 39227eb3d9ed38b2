using System.Globalization;
using System.Text;
using HdCluster.Reports.Data;

namespace HdCluster.Reports.Html;

/// <summary>A figure as written to disk: where its SVG and PNG are, relative to the page.</summary>
public sealed record WrittenFigure(Figures.ReportFigure Figure, string SvgPath, string? PngPath);

/// <summary>
/// The report's <c>index.html</c>: the summary tables, then every figure (its SVG shown, SVG and PNG linked),
/// then notes. One self-contained file with relative links to the figures beside it: it opens from disk
/// with no server and fetches nothing from elsewhere.
/// </summary>
public static class IndexPage
{
    private const string Css = """
        body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; margin: 24px auto; max-width: 1500px; padding: 0 16px; color: #222; }
        h1 { font-size: 24px; margin-bottom: 4px; }
        h2 { font-size: 19px; border-bottom: 1px solid #ccc; padding-bottom: 4px; margin-top: 32px; }
        h3 { font-size: 15px; margin: 20px 0 6px; }
        p.meta { color: #555; margin-top: 0; }
        table { border-collapse: collapse; font-size: 13px; margin: 6px 0 12px; }
        th, td { border: 1px solid #d4d4d4; padding: 3px 8px; text-align: left; vertical-align: top; }
        th { background: #f2f2f2; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        td.error { max-width: 560px; white-space: pre-wrap; font-family: "DejaVu Sans Mono", monospace; font-size: 12px; color: #8b1a1a; }
        .spec { display: block; color: #666; font-family: "DejaVu Sans Mono", monospace; font-size: 11px; }
        td.status-diverged { color: #b35900; font-weight: bold; }
        td.status-failed, td.status-cancelled { color: #b00020; font-weight: bold; }
        tr.status-diverged td:first-child { border-left: 3px solid #b35900; }
        tr.status-failed td:first-child, tr.status-cancelled td:first-child { border-left: 3px solid #b00020; }
        nav ul { columns: 2; font-size: 14px; }
        figure { margin: 24px 0 36px; }
        figure img { max-width: 100%; height: auto; border: 1px solid #e4e4e4; }
        figcaption { font-size: 13px; color: #444; max-width: 1100px; margin-top: 6px; }
        .none { color: #666; font-style: italic; }
        ul.notes li { margin: 4px 0; }
        """;

    public static void Write(string path, string resultsFolder, ReportSummary summary, IReadOnlyList<WrittenFigure> figures, IReadOnlyList<string> notes)
    {
        using var file = new StreamWriter(path, append: false, new UTF8Encoding(false));
        using var html = new HtmlWriter(file);
        var sweeps = summary.Cells.Select(c => c.Sweep).Distinct(StringComparer.Ordinal).ToArray();
        var name = sweeps.Length > 0 ? string.Join(", ", sweeps) : Path.GetFileName(Path.TrimEndingDirectorySeparator(resultsFolder));

        html.Start("html", ("lang", "en")).Start("head");
        html.Start("meta", ("charset", "utf-8"));
        html.Start("meta", ("name", "viewport"), ("content", "width=device-width, initial-scale=1"));
        html.Element("title", $"HdCluster report: {name}");
        html.Style(Css);
        html.End().Start("body");

        html.Element("h1", $"Report: {name}");
        html.Element("p", $"{Path.GetFullPath(resultsFolder)} · {summary.Cells.Count} cells · {figures.Count} figures · written {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC", ("class", "meta"));
        Contents(html, figures);
        Summary(html, summary);
        Figures(html, figures);
        Notes(html, notes);
        AllCells(html, summary);
    }

    private static void Contents(HtmlWriter html, IReadOnlyList<WrittenFigure> figures)
    {
        html.Start("nav").Start("ul");
        html.Start("li").Element("a", "Summary", ("href", "#summary")).End();
        foreach (var figure in figures)
        {
            html.Start("li").Element("a", figure.Figure.Title, ("href", "#" + figure.Figure.Name)).End();
        }

        html.End().End();
    }

    private static void Summary(HtmlWriter html, ReportSummary summary)
    {
        html.Start("section", ("id", "summary")).Element("h2", "Summary");
        html.Start("table", ("class", "totals"));
        Row(html, "cells", $"{summary.Cells.Count} ({string.Join(", ", summary.StatusCounts.Select(kv => $"{kv.Value} {kv.Key}"))})");
        Row(html, "device time", Duration(summary.DeviceSeconds) + (summary.FusedGroups > 0
            ? $" (each of {summary.FusedGroups} fused groups, {summary.FusedCells} cells, counted once)"
            : ""));
        Row(html, "wall time of the sweep", Duration(summary.SweepWallSeconds) + " (first cell's start to last cell's finish)");
        if (summary.FirstFinished is { } first && summary.LastFinished is { } last)
        {
            Row(html, "finished", $"{first:yyyy-MM-dd HH:mm:ss} to {last:yyyy-MM-dd HH:mm:ss} UTC");
        }

        html.End();

        html.Element("h3", "Time by device");
        html.Start("table", ("class", "devices")).Start("tr");
        foreach (var header in new[] { "device", "hosts", "cells", "device time" })
        {
            html.Element("th", header);
        }

        html.End();
        foreach (var device in summary.Devices)
        {
            html.Start("tr").Element("td", device.Device).Element("td", device.Hosts)
                .Element("td", device.Cells.ToString(CultureInfo.InvariantCulture), ("class", "num"))
                .Element("td", Duration(device.Seconds), ("class", "num")).End();
        }

        html.End();

        html.Element("h3", "Best cell of each method (lowest final validation loss)");
        CellTable(html, summary.Best, summary.Variables, "best", ["final train loss", "final valid loss", "valid accuracy", "epochs", "time"], c =>
            [Loss(c.FinalTrainLoss), Loss(c.FinalValidLoss), Percent(c.FinalValidAccuracy), Count(c.EpochsDone), Duration(c.WallSeconds)]);

        html.Element("h3", $"Diverged cells ({summary.Diverged.Count})");
        CellTable(html, summary.Diverged, summary.Variables, "diverged", ["diverged at step", "quantity", "error"], c =>
            [Count(c.DivergedAtStep), c.DivergedQuantity ?? "", c.Error ?? ""]);

        html.Element("h3", $"Failed and cancelled cells ({summary.Failed.Count})");
        CellTable(html, summary.Failed, summary.Variables, "failed", ["status", "attempts", "error"], c =>
            [c.Status, c.Attempts.ToString(CultureInfo.InvariantCulture), c.Error ?? ""]);
        html.End();
    }

    private static void Figures(HtmlWriter html, IReadOnlyList<WrittenFigure> figures)
    {
        html.Start("section", ("id", "figures")).Element("h2", "Figures");
        if (figures.Count == 0)
        {
            html.Element("p", "No figures: the results hold no cells.", ("class", "none"));
        }

        foreach (var written in figures)
        {
            var figure = written.Figure;
            html.Start("figure", ("id", figure.Name));
            html.Element("h3", figure.Title);
            html.Start("a", ("href", written.SvgPath)).Start("img", ("src", written.SvgPath), ("alt", figure.Title)).End();
            html.Start("figcaption").Text(figure.Caption + " ");
            html.Element("a", "SVG", ("href", written.SvgPath));
            if (written.PngPath is { } png)
            {
                html.Text(" · ").Element("a", "PNG", ("href", png));
            }

            html.End().End();
        }

        html.End();
    }

    private static void Notes(HtmlWriter html, IReadOnlyList<string> notes)
    {
        if (notes.Count == 0)
        {
            return;
        }

        html.Start("section", ("id", "notes")).Element("h2", "Notes").Start("ul", ("class", "notes"));
        foreach (var note in notes)
        {
            html.Element("li", note);
        }

        html.End().End();
    }

    private static void AllCells(HtmlWriter html, ReportSummary summary)
    {
        html.Start("section", ("id", "cells")).Element("h2", "All cells");
        html.Start("details").Element("summary", $"{summary.Cells.Count} cells");
        CellTable(html, summary.Cells, summary.Variables, "all", ["status", "final train loss", "final valid loss", "valid accuracy", "steps", "time", "device"], c =>
            [c.Status, Loss(c.FinalTrainLoss), Loss(c.FinalValidLoss), Percent(c.FinalValidAccuracy), Count(c.StepsDone), Duration(c.WallSeconds), c.Device]);
        html.End().End();
    }

    private static void CellTable(HtmlWriter html, IReadOnlyList<CellRow> cells, IReadOnlyList<string> variables, string cssClass, string[] headers, Func<CellRow, string[]> values)
    {
        if (cells.Count == 0)
        {
            html.Element("p", "none", ("class", "none"));
            return;
        }

        html.Start("table", ("class", cssClass)).Start("tr");
        html.Element("th", "method");
        foreach (var header in variables.Concat(headers).Append("cell"))
        {
            html.Element("th", header);
        }

        html.End();
        foreach (var cell in cells)
        {
            html.Start("tr", ("class", "status-" + cell.Status));
            html.Start("td").Text(cell.Method.Label).Element("span", cell.Optimizer, ("class", "spec")).End();
            foreach (var variable in variables)
            {
                html.Element("td", cell.Variables.TryGetValue(variable, out var v) ? v.Number is { } n ? Plotting.TickFormat.Compact(n) : v.Text : "", ("class", "num"));
            }

            var texts = values(cell);
            for (var i = 0; i < texts.Length; i++)
            {
                var kind = headers[i] switch
                {
                    "error" => "error",
                    "status" => "status-" + texts[i],
                    "device" or "quantity" => null,
                    _ => "num",
                };
                html.Element("td", texts[i], ("class", kind));
            }

            html.Element("td", cell.CellId, ("class", "cell-id"));
            html.End();
        }

        html.End();
    }

    private static void Row(HtmlWriter html, string key, string value) => html.Start("tr").Element("th", key).Element("td", value).End();

    private static string Loss(double value) => double.IsFinite(value) ? value.ToString("G4", CultureInfo.InvariantCulture) : "";

    private static string Percent(double value) => double.IsFinite(value) ? (value * 100).ToString("0.00", CultureInfo.InvariantCulture) + " %" : "";

    private static string Count(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Duration(double seconds)
    {
        if (!double.IsFinite(seconds))
        {
            return "";
        }

        var time = TimeSpan.FromSeconds(seconds);
        return seconds switch
        {
            < 60 => seconds.ToString("0.0", CultureInfo.InvariantCulture) + " s",
            < 3600 => $"{(int)time.TotalMinutes} min {time.Seconds:00} s",
            _ => $"{(int)time.TotalHours} h {time.Minutes:00} min",
        };
    }
}
