using System.CommandLine;
using System.Globalization;
using System.Text;
using HdCluster.Sweeps;
using HdCluster.Torch;
using Spectre.Console;

namespace HdCluster.Cli.Commands;

/// <summary>
/// <c>hdc validate</c>: loads and checks a sweep file without running anything, and prints a summary that stays short
/// for a million cells (count, axes, fused groups, the first and last cells, notes). The full table of cells only on
/// request: <c>--all</c> on the terminal, <c>--csv FILE</c> to a file.
/// </summary>
internal static class ValidateCommand
{
    /// <summary>Axis values listed before the rest are counted, unless <c>--all</c>.</summary>
    private const int ValuesShown = 8;

    /// <summary>Notes (duplicate cells) listed before the rest are counted, unless <c>--all</c>.</summary>
    private const int NotesShown = 3;

    /// <summary>Above this many cells <c>--all</c> prints plain tab-separated lines instead of a drawn table, which
    /// would hold every row before drawing any.</summary>
    private const int DrawnRows = 10_000;

    public static Command Create()
    {
        var file = new Argument<string>("sweep") { Description = "a sweep file" };
        var fuse = CommonOptions.Fuse();
        var device = new Option<string?>("--device") { Description = "the device to plan fused groups for (default: cuda:0 when there is a GPU, else cpu)" };
        var all = new Option<bool>("--all") { Description = "also list every cell and every value of every axis (default: a summary)" };
        var csv = new Option<string?>("--csv") { Description = "write every cell as a CSV table to this file (default: none)" };
        var command = new Command("validate", "check a sweep file and summarise its cells and fused groups, without running anything") { file, fuse, device, all, csv };
        command.SetAction(parse =>
        {
            if (CommonOptions.LoadSweep(parse.GetValue(file)!, "validate") is not { } sweep)
            {
                return 2;
            }

            sweep = sweep with { Fuse = parse.GetValue(fuse) ?? sweep.Fuse };
            var everything = parse.GetValue(all);
            PrintSummary(sweep, everything);
            var target = parse.GetValue(device) ?? (torch.cuda.is_available() ? "cuda:0" : "cpu");
            PrintFusion(sweep, target);
            if (everything)
            {
                PrintTable(SweepTable.From(sweep), sweep.Cells.Count);
            }

            if (parse.GetValue(csv) is { } path)
            {
                try
                {
                    WriteCsv(SweepTable.From(sweep), path);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    Console.Error.WriteLine($"hdc validate: --csv: cannot write '{path}': {e.Message}");
                    return 2;
                }

                Console.WriteLine($"wrote {sweep.Cells.Count.ToString("N0", CultureInfo.InvariantCulture)} cells to {path}");
            }
            else if (!everything)
            {
                Console.WriteLine("every cell: --all (here) or --csv FILE");
            }

            return 0;
        });
        return command;
    }

    private static void PrintSummary(Sweep sweep, bool everything)
    {
        var count = sweep.Cells.Count;
        Console.WriteLine($"{sweep.Name}: {count} cells");
        if (sweep.Axes.Count > 0)
        {
            var grid = sweep.Axes.Aggregate(1L, (n, a) => n * a.Values.Count);
            Console.WriteLine($"grid: {string.Join(" x ", sweep.Axes.Select(a => $"{a.Name} ({a.Values.Count})"))} = {grid.ToString("N0", CultureInfo.InvariantCulture)} cells");
            foreach (var axis in sweep.Axes)
            {
                var shown = everything ? axis.Values : axis.Values.Take(ValuesShown);
                var more = axis.Values.Count > shown.Count() ? $", ... ({axis.Values.Count - ValuesShown} more)" : "";
                var how = axis.Sampling is null ? "" : $" [{axis.Sampling}]";
                Console.WriteLine($"  {axis.Name}{how}: {string.Join("; ", shown)}{more}");
            }
        }

        if (count > 0)
        {
            PrintCell("first", sweep.Cells[0]);
            if (count > 1)
            {
                PrintCell("last", sweep.Cells[count - 1]);
            }
        }

        var notes = everything ? sweep.Notes : sweep.Notes.Take(NotesShown).ToList();
        foreach (var note in notes)
        {
            AnsiConsole.MarkupLine($"[yellow]note[/]: {Markup.Escape(note)}");
        }

        if (sweep.Notes.Count > notes.Count)
        {
            Console.WriteLine($"note: {sweep.Notes.Count - notes.Count} more notes (--all lists them)");
        }

        Console.WriteLine("problems: none (every cell can start)");
    }

    private static void PrintCell(string which, SweepCell cell)
    {
        var c = cell.Config;
        var budget = string.Join(", ", new[] { c.Epochs is { } e ? $"{e} epochs" : null, c.Steps is { } s ? $"{s} steps" : null, c.WallSeconds is { } w ? $"{w.ToString(CultureInfo.InvariantCulture)} s" : null }.OfType<string>());
        var variables = cell.Variables.Count == 0 ? "" : $" [{string.Join(", ", cell.Variables.Select(v => $"{v.Key}={v.Value}"))}]";
        Console.WriteLine($"{which}: {cell.Id} {c.Model} {c.Optimizer} seed {c.Seed}, batch {c.BatchSize}, {budget}, {c.Device}{variables}");
    }

    private static void PrintFusion(Sweep sweep, string target)
    {
        var plan = SweepFusion.Summarize(sweep, device: target);
        var sizes = plan.Groups == 0 ? "" : $" ({string.Join(" + ", plan.GroupSizes.Select(g => g.Groups == 1 ? $"{g.Size}" : $"{g.Groups} x {g.Size}"))} cells)";
        Console.WriteLine($"fuse {sweep.Fuse} on {target}: {plan.Groups} fused group(s){sizes}, {plan.AloneCells} cell(s) alone");
        foreach (var reason in plan.Alone)
        {
            Console.WriteLine($"  {reason.Cells} alone: {reason.Reason}");
        }
    }

    private static void PrintTable(SweepTable table, int rows)
    {
        if (rows > DrawnRows)
        {
            Console.WriteLine(string.Join('\t', table.Headers));
            foreach (var row in table.Rows)
            {
                Console.WriteLine(string.Join('\t', row));
            }

            return;
        }

        var view = new Table().AddColumns(table.Headers.Select(Markup.Escape).ToArray());
        foreach (var row in table.Rows)
        {
            view.AddRow(row.Select(Markup.Escape).ToArray());
        }

        AnsiConsole.Write(view);
    }

    private static void WriteCsv(SweepTable table, string path)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
        writer.WriteLine(string.Join(',', table.Headers.Select(Quote)));
        foreach (var row in table.Rows)
        {
            writer.WriteLine(string.Join(',', row.Select(Quote)));
        }
    }

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;
}
