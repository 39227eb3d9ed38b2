using System.CommandLine;
using System.Globalization;
using HdCluster.Engine.Status;
using HdCluster.Results;
using HdCluster.Sweeps;
using HdCluster.Torch;
using Spectre.Console;

namespace HdCluster.Cli.Commands;

/// <summary><c>hdc status</c>: look at results without running anything.</summary>
internal static class ResultsCommands
{
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
            Dictionary<string, long> counts;
            try
            {
                counts = store.CompletedCellIds().Count == 0
                    ? new Dictionary<string, long>()
                    : store.Query("SELECT status, count(*) AS n FROM cells GROUP BY status ORDER BY status").Rows.ToDictionary(r => (string)r[0]!, r => Convert.ToInt64(r[1], CultureInfo.InvariantCulture));
            }
            catch (Exception e) when (e is ResultsStoreException or DuckDbException)
            {
                Console.Error.WriteLine($"hdc status: {e.Message}");
                return 1;
            }
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

                var done = store.FinishedCellIds();
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
}
