using HdCluster.Engine.Local;
using HdCluster.Engine.Workers;
using Spectre.Console;

namespace HdCluster.Cli.Commands;

/// <summary>
/// <c>hdc run</c>'s view of a sweep. On a terminal: one overall bar and one line per worker (its cell, epoch and
/// loss), each description cut to what the terminal's width leaves beside the bar and timers, so nothing wraps.
/// Redirected (a pipe, a log file, CI): no live view at all, one plain line per finished cell instead, which a
/// log keeps readable and a script can follow.
/// </summary>
internal sealed class ProgressObserver : ISweepObserver
{
    /// <summary>The columns beside the description in <c>hdc run</c>'s view: a 40-character bar, percentage,
    /// elapsed and remaining time, and the spaces between them.</summary>
    public const int OtherColumnsWidth = 72;

    private const int NarrowestDescription = 16;

    private readonly Lock gate = new();
    private readonly ProgressContext? context;
    private readonly PlainSweepProgress? plain;
    private readonly Func<int> width;
    private readonly Dictionary<string, ProgressTask> workers = [];
    private readonly Dictionary<string, string> cellOf = [];
    private ProgressTask? overall;
    private string sweep = "";
    private int total;
    private int done;

    public ProgressObserver(ProgressContext context)
        : this(context, IsLive(AnsiConsole.Console) ? null : Console.Out, () => AnsiConsole.Profile.Width)
    {
    }

    /// <param name="plainOutput">Where plain lines go; null for the live view.</param>
    /// <param name="width">The terminal's width now (read at every update, so a resize is followed).</param>
    internal ProgressObserver(ProgressContext? context, TextWriter? plainOutput, Func<int> width)
    {
        this.context = plainOutput is null ? context : null;
        plain = plainOutput is null ? null : new PlainSweepProgress(plainOutput);
        this.width = width;
    }

    /// <summary>Whether a console shows a live view: a terminal that takes cursor movements, output not redirected.</summary>
    public static bool IsLive(IAnsiConsole console) =>
        console.Profile.Capabilities.Interactive && console.Profile.Capabilities.Ansi && !Console.IsOutputRedirected;

    /// <summary>The widest a description may be at a terminal width.</summary>
    public static int DescriptionWidth(int terminalWidth) => Math.Max(NarrowestDescription, terminalWidth - OtherColumnsWidth);

    /// <summary><paramref name="text"/> cut to <paramref name="max"/> characters, the cut shown by an ellipsis.</summary>
    public static string Fit(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, Math.Max(0, max - 1)), "…");

    public void SweepStarted(string sweep, int totalCells, int alreadyDone, IReadOnlyList<string> workerNames)
    {
        if (plain is not null)
        {
            plain.SweepStarted(sweep, totalCells, alreadyDone, workerNames);
            return;
        }

        lock (gate)
        {
            (this.sweep, total, done) = (sweep, totalCells, alreadyDone);
            overall = context!.AddTask(Describe(Overall()), maxValue: Math.Max(1, totalCells));
            overall.Value = alreadyDone;
            foreach (var w in workerNames)
            {
                workers[w] = context.AddTask(Describe($"  {w}: idle"), maxValue: 1);
            }
        }
    }

    public void CellStarted(string worker, string cellId, string description, int attempt)
    {
        if (plain is not null)
        {
            return;
        }

        lock (gate)
        {
            cellOf[worker] = $"  {worker}: {cellId} {description}{(attempt > 1 ? $" (attempt {attempt})" : "")}";
            Show(worker, cellOf[worker]);
        }
    }

    public void GroupStarted(string worker, string groupId, IReadOnlyList<string> cellIds, string description, int attempt) =>
        CellStarted(worker, groupId, description, attempt);

    public void CellProgressed(CellProgressed p)
    {
        if (plain is not null)
        {
            return;
        }

        lock (gate)
        {
            // The progress goes first, so a narrow terminal cuts the cell's description rather than the loss.
            var head = cellOf.GetValueOrDefault(p.Worker, $"  {p.Worker}: {p.CellId}");
            var at = $"epoch {p.Epoch}, step {p.Step}, loss {p.Loss:F4}";
            var name = head.IndexOf(": ", StringComparison.Ordinal) is var colon and > 0 ? head[..(colon + 2)] : head;
            Show(p.Worker, $"{name}{at} | {head[name.Length..]}");
        }
    }

    public void CellFinished(string worker, string cellId, string status, string? detail)
    {
        if (plain is not null)
        {
            plain.CellFinished(worker, cellId, status, detail);
            return;
        }

        lock (gate)
        {
            if (overall != null && PlainSweepProgress.Counts(status))
            {
                done++;
                overall.Increment(1);
                overall.Description = Describe(Overall());
            }

            cellOf.Remove(worker);
            Show(worker, $"  {worker}: {cellId} {status}{(detail is null ? "" : $" ({detail})")}");
        }
    }

    public void Finish()
    {
        lock (gate)
        {
            foreach (var t in workers.Values)
            {
                t.Value = t.MaxValue;
            }

            if (overall != null)
            {
                overall.Value = overall.MaxValue;
            }
        }
    }

    private string Overall() => $"{sweep}: {done}/{total} cells";

    private void Show(string worker, string text)
    {
        if (workers.TryGetValue(worker, out var task))
        {
            task.Description = Describe(text);
        }
    }

    private string Describe(string text) => Markup.Escape(Fit(text, DescriptionWidth(width())));
}
