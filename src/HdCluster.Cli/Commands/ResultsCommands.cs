using System.CommandLine;
using System.Globalization;
using HdCluster.Engine.Status;
using HdCluster.Results;
using HdCluster.Sweeps;
using HdCluster.Torch;
using Spectre.Console;

namespace HdCluster.Cli.Commands;

/// <summary><c>hdc validate</c>, <c>hdc status</c> and <c>hdc query</c>: look at sweeps and results without running anything.</summary>
internal static class ResultsCommands
{
    public static Command Validate()
    {
        var file = new Argument<string>("sweep") { Description = "a sweep file" };
        var fuse = CommonOptions.Fuse();
        var device = new Option<string?>("--device") { Description = "the device to plan fused groups for (default: cuda:0 when there is a GPU, else cpu)" };
        var command = new Command("validate", "check a sweep file and list its cells and fused groups, without running anything") { file, fuse, device };
        command.SetAction(parse =>
        {
            if (CommonOptions.LoadSweep(parse.GetValue(file)!, "validate") is not { } sweep)
            {
                return 2;
            }

            var table = SweepTable.From(sweep);
            var view = new Table().AddColumns(table.Headers.Select(Markup.Escape).ToArray());
            foreach (var row in table.Rows)
            {
                view.AddRow(row.Select(Markup.Escape).ToArray());
            }

            AnsiConsole.Write(view);
            foreach (var note in sweep.Notes)
            {
                AnsiConsole.MarkupLine($"[yellow]note[/]: {Markup.Escape(note)}");
            }

            sweep = sweep with { Fuse = parse.GetValue(fuse) ?? sweep.Fuse };
            var target = parse.GetValue(device) ?? (torch.cuda.is_available() ? "cuda:0" : "cpu");
            var plan = SweepFusion.Plan(sweep, device: target);
            var sizes = plan.Groups.Count == 0 ? "" : $" ({string.Join(" + ", plan.Groups.GroupBy(g => g.Cells.Count).Select(g => g.Count() == 1 ? $"{g.Key}" : $"{g.Count()} x {g.Key}"))} cells)";
            Console.WriteLine($"fuse {sweep.Fuse} on {target}: {plan.Groups.Count} fused group(s){sizes}, {plan.Alone.Count} cell(s) alone");
            foreach (var reason in plan.Alone.GroupBy(a => a.Reason))
            {
                Console.WriteLine($"  {reason.Count()} alone: {reason.Key}");
            }

            Console.WriteLine($"{sweep.Name}: {sweep.Cells.Count} cells");
            return 0;
        });
        return command;
    }

    public static Command Status()
    {
        var folder = new Argument<string>("results-dir") { Description = "a sweep's results folder, e.g. results/quickstart" };
        var sweepFile = new Option<string?>("--sweep") { Description = "the sweep file, to count the cells left" };
        var command = new Command("status", "what is done, running and left in a sweep's results folder") { folder, sweepFile };
        command.SetAction(parse =>
        {
            var dir = parse.GetValue(folder)!;
            if (!Directory.Exists(dir))
            {
                Console.Error.WriteLine($"hdc status: '{dir}' does not exist");
                return 2;
            }

            using var store = new ResultsStore(dir);
            var counts = store.CompletedCellIds().Count == 0
                ? new Dictionary<string, long>()
                : store.Query("SELECT status, count(*) AS n FROM cells GROUP BY status ORDER BY status").Rows.ToDictionary(r => (string)r[0]!, r => Convert.ToInt64(r[1], CultureInfo.InvariantCulture));
            var table = new Table().AddColumns("status", "cells");
            foreach (var (status, n) in counts)
            {
                table.AddRow(status, n.ToString(CultureInfo.InvariantCulture));
            }

            var live = SweepStatus.Read(dir);
            if (live is { } s && s.WriterAlive())
            {
                table.AddRow("running", s.Running.Count.ToString(CultureInfo.InvariantCulture));
                table.AddRow("pending", s.Pending.ToString(CultureInfo.InvariantCulture));
            }

            if (parse.GetValue(sweepFile) is { } path)
            {
                if (CommonOptions.LoadSweep(path, "status") is not { } sweep)
                {
                    return 2;
                }

                var done = FinishedCells.In(store);
                table.AddRow("left to run", sweep.Cells.Count(c => !done.Contains(c.Id)).ToString(CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(table);
            if (live is { } l && l.WriterAlive())
            {
                var running = new Table().AddColumns("cell", "worker", "fused group", "since", "attempt");
                foreach (var r in l.Running)
                {
                    running.AddRow(r.CellId, r.Worker, r.Group ?? "-", r.Since.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture), r.Attempt.ToString(CultureInfo.InvariantCulture));
                }

                AnsiConsole.MarkupLine($"live: process {l.ProcessId} on {Markup.Escape(l.Host)}, updated {l.UpdatedAt.ToLocalTime():HH:mm:ss}");
                AnsiConsole.Write(running);
            }
            else
            {
                AnsiConsole.MarkupLine("no run is in progress for this folder");
            }

            return 0;
        });
        return command;
    }

    public static Command Query()
    {
        var sql = new Argument<string>("sql") { Description = "SQL over the tables 'cells' and 'curves'" };
        var results = new Option<string>("--results") { Description = "a sweep's results folder", Required = true };
        var csv = new Option<bool>("--csv") { Description = "print CSV instead of a table" };
        var limit = new Option<int>("--max-rows") { Description = "rows to show in table form", DefaultValueFactory = _ => 200 };
        var command = new Command("query", "run SQL over a results folder (DuckDB)") { sql, results, csv, limit };
        command.SetAction(parse =>
        {
            var dir = parse.GetValue(results)!;
            if (!Directory.Exists(dir))
            {
                Console.Error.WriteLine($"hdc query: '{dir}' does not exist");
                return 2;
            }

            using var store = new ResultsStore(dir);
            QueryResult result;
            try
            {
                result = store.Query(parse.GetValue(sql)!);
            }
            catch (Exception e) when (e is DuckDbException or ResultsStoreException)
            {
                Console.Error.WriteLine($"hdc query: {e.Message}");
                return 1;
            }

            if (parse.GetValue(csv))
            {
                Console.WriteLine(string.Join(",", result.Columns.Select(c => c.Name)));
                foreach (var row in result.Rows)
                {
                    Console.WriteLine(string.Join(",", row.Select(Format)));
                }

                return 0;
            }

            var view = new Table().AddColumns(result.Columns.Select(c => Markup.Escape(c.Name)).ToArray());
            foreach (var row in result.Rows.Take(parse.GetValue(limit)))
            {
                view.AddRow(row.Select(v => Markup.Escape(Format(v))).ToArray());
            }

            AnsiConsole.Write(view);
            Console.WriteLine($"{result.Rows.Count} row(s)");
            return 0;
        });
        return command;
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        float f => f.ToString("G6", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
