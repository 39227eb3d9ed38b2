using System.Globalization;
using HdCluster.Engine.Local;
using HdCluster.Engine.Workers;

namespace HdCluster.Cli.Commands;

/// <summary>A sweep's progress where no live view can be drawn: a line when it starts, then one line per finished
/// cell, nothing while cells train.</summary>
internal sealed class PlainSweepProgress(TextWriter output) : ISweepObserver
{
    private readonly Lock gate = new();
    private int total;
    private int done;

    /// <summary>Whether a cell that ended so is done for this run (a retry or a cancellation is not).</summary>
    public static bool Counts(string status) => status is "completed" or "diverged" or "failed";

    public void SweepStarted(string sweep, int totalCells, int alreadyDone, IReadOnlyList<string> workers)
    {
        lock (gate)
        {
            (total, done) = (totalCells, alreadyDone);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{sweep}: {totalCells} cells, {alreadyDone} done before, on {string.Join(", ", workers)}"));
            output.Flush();
        }
    }

    public void CellStarted(string worker, string cellId, string description, int attempt)
    {
    }

    public void GroupStarted(string worker, string groupId, IReadOnlyList<string> cellIds, string description, int attempt)
    {
    }

    public void CellProgressed(CellProgressed progress)
    {
    }

    public void CellFinished(string worker, string cellId, string status, string? detail)
    {
        lock (gate)
        {
            done += Counts(status) ? 1 : 0;
            var text = string.Create(CultureInfo.InvariantCulture, $"[{done}/{total}] {cellId} {status} on {worker}{(detail is null ? "" : $": {OneLine(detail)}")}");
            output.WriteLine(text);
            output.Flush();
        }
    }

    private static string OneLine(string text) => string.Join(" ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
