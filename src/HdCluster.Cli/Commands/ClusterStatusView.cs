using System.Globalization;
using HdCluster.Engine.Coordination;
using Spectre.Console;

namespace HdCluster.Cli.Commands;

/// <summary>The cluster's state as tables: its sweeps, and every worker node with its slots and what each runs since when.</summary>
internal static class ClusterStatusView
{
    public static void Write(CoordinatorStatus status)
    {
        var sweeps = new Table().Title("sweeps").AddColumns("sweep", "cells", "done", "running", "left", "failed");
        foreach (var s in status.Sweeps.OrderBy(s => s.Sweep, StringComparer.Ordinal))
        {
            var done = s.Completed + s.Diverged + s.Failed + s.SkippedAsDone;
            sweeps.AddRow(Markup.Escape(s.Sweep), N(s.Total), N(done), N(s.Running.Count), N(s.Total - done - s.Running.Count), N(s.Failed));
        }

        var workers = new Table().Title("worker nodes").AddColumns("node", "slot", "device", "runs", "since");
        foreach (var node in status.Workers.GroupBy(Node).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            foreach (var slot in node.OrderBy(w => w.Worker, StringComparer.Ordinal))
            {
                var runs = slot.Sweep is null ? "idle" : $"{slot.Sweep}: {string.Join(", ", slot.CellIds)}";
                var since = slot.Since?.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture) ?? "";
                workers.AddRow(Markup.Escape($"{node.Key} ({slot.Host})"), Markup.Escape(slot.Worker.Split('@')[0]), Markup.Escape(slot.Device), Markup.Escape(runs), since);
            }
        }

        AnsiConsole.Write(sweeps);
        AnsiConsole.Write(workers);
        AnsiConsole.MarkupLine($"{status.Workers.GroupBy(Node).Count()} worker node(s), {status.Workers.Count} slot(s)");
    }

    // Slots are named "<device>-<n>@<node address>" by hdc worker.
    private static string Node(WorkerSeen worker) => worker.Worker.Contains('@', StringComparison.Ordinal) ? worker.Worker[(worker.Worker.IndexOf('@', StringComparison.Ordinal) + 1)..] : worker.Host;

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
}
