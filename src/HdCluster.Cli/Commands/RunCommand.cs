using System.CommandLine;
using System.Globalization;
using Akka.Actor;
using Akka.Hosting;
using Akka.Logger.Serilog;
using HdCluster.Engine.Local;
using HdCluster.Engine.Status;
using HdCluster.Engine.Workers;
using HdCluster.Reports;
using HdCluster.Results;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using HdCluster.Sweeps;
using HdCluster.Torch;
using HdCluster.Training.Slots;
using Serilog;
using Serilog.Events;
using Spectre.Console;

namespace HdCluster.Cli.Commands;

/// <summary><c>hdc run SWEEP</c>: every cell of a sweep on this machine's devices, results as Parquet.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var sweepFile = new Argument<string>("sweep") { Description = "a sweep file, e.g. sweeps/quickstart.yaml" };
        var output = new Option<string>("--out") { Description = "results root; the sweep's files go to OUT/<sweep>/", DefaultValueFactory = _ => "results" };
        var devices = new Option<string[]>("--devices") { Description = "devices to use: cpu, cuda:0, ... (default: every GPU, else cpu)", AllowMultipleArgumentsPerToken = true };
        var slots = new Option<int?>("--slots") { Description = "cells at once per device (default: 1 per GPU; on the CPU, measured: see the run's first line)" };
        var attempts = new Option<int>("--max-attempts") { Description = "attempts per cell before it is marked failed", DefaultValueFactory = _ => 3 };
        var data = CommonOptions.Data();
        var fuse = CommonOptions.Fuse();
        var command = new Command("run", "run a sweep on this machine") { sweepFile, output, devices, slots, attempts, data, fuse };
        command.SetAction((parse, cancel) => Run(
            parse.GetValue(sweepFile)!, parse.GetValue(output)!, parse.GetValue(devices), parse.GetValue(slots), parse.GetValue(attempts), parse.GetValue(data), parse.GetValue(fuse), cancel));
        return command;
    }

    private static async Task<int> Run(string file, string output, string[]? devices, int? slots, int attempts, string? dataRoot, FuseSetting? fuse, CancellationToken cancel)
    {
        var chosen = devices is { Length: > 0 } ? devices : torch.cuda.is_available() ? Enumerable.Range(0, torch.cuda.device_count()).Select(i => $"cuda:{i}").ToArray() : ["cpu"];
        if (RunSettingsCheck.Problem(chosen, slots ?? 1, attempts, torch.cuda.is_available() ? torch.cuda.device_count() : 0) is { } problem)
        {
            Console.Error.WriteLine($"hdc run: {problem}");
            return 2;
        }

        if (CommonOptions.LoadSweep(file, "run") is not { } loaded)
        {
            return 2;
        }

        var sweep = loaded with { Fuse = fuse ?? loaded.Fuse };

        var folder = Path.Combine(output, sweep.Name);
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"hdc run: cannot create the results folder '{folder}': {e.Message}");
            return 2;
        }

        string root;
        try
        {
            root = CommonOptions.ResolveDataRoot(dataRoot);
        }
        catch (DirectoryNotFoundException e)
        {
            Console.Error.WriteLine($"hdc run: {e.Message}");
            return 2;
        }

        RunLock? runLock;
        string? holder;
        try
        {
            runLock = RunLock.TryTake(folder, out holder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"hdc run: cannot write into the results folder '{folder}': {e.Message}");
            return 2;
        }

        using var held = runLock;
        if (runLock is null)
        {
            Console.Error.WriteLine($"hdc run: a run of sweep {sweep.Name} is live in '{folder}' ({holder}); wait for it to end, or stop it, before running again");
            return 2;
        }

        using var log = (Serilog.Core.Logger)Logging.Create(Path.Combine(folder, "log.jsonl"), LogEventLevel.Warning);
        if (!RecoverDamagedResults(folder, log))
        {
            return 2;
        }

        foreach (var note in sweep.Notes)
        {
            log.Information("Sweep note: {Note}", note);
        }

        var plan = RunSlots.Choose(sweep, chosen, slots, Environment.ProcessorCount, root, new SlotPlanCache(SlotPlanCache.DefaultFolder()), problem =>
        {
            log.Warning("Slot planning: {Problem}", problem);
            Console.Error.WriteLine($"hdc run: {problem}");
        });
        var options = new SweepRunOptions(output, root, chosen, plan.Slots, attempts);
        torch.set_num_threads(plan.ThreadsPerSlot);
        log.Information("Slot plan: {Slots} slot(s) per device x {Threads} libtorch thread(s) each on {Cores} cores: {Reason}", plan.Slots, torch.get_num_threads(), Environment.ProcessorCount, plan.Reason);
        log.Information("Results go to {Folder}; libtorch uses {Threads} threads per slot", Path.GetFullPath(folder), torch.get_num_threads());
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(sweep.Name)}[/]: {sweep.Cells.Count} cells on {string.Join(", ", chosen)}; results in {Markup.Escape(Path.GetFullPath(folder))}");
        AnsiConsole.MarkupLine($"{RunSlots.Describe(plan)}: {Markup.Escape(plan.Reason)}");
        var again = $"hdc run {file} --out {output}{(dataRoot is null ? "" : $" --data {dataRoot}")}{(fuse is null ? "" : $" --fuse {fuse}")}";
        SweepSummary summary = null!;
        using var host = await StartEngineAsync(options, log);
        try
        {
            await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var observer = new ProgressObserver(context);
                summary = await LocalSweepRunner.RunAsync(host.Services.GetRequiredService<ActorSystem>(), host.Services.GetRequiredService<ActorRegistry>(), sweep, options, observer, cancel);
                observer.Finish();
            });
        }
        catch (SweepRefusedException e)
        {
            // Reading what is already done failed (a corrupt file, an unreadable folder): nothing ran.
            Console.Error.WriteLine($"hdc run: {e.Message}");
            return 2;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }

        var table = new Table().AddColumns("cells", "skipped (done before)", "completed", "diverged", "failed", "not run", "time");
        table.AddRow(summary.Total.ToString(), summary.Skipped.ToString(), summary.Completed.ToString(), summary.Diverged.ToString(), summary.Failed.ToString(), summary.NotRun.ToString(), summary.Elapsed.ToString(@"hh\:mm\:ss"));
        AnsiConsole.Write(table);
        WriteBestPerMethod(summary.ResultsFolder);
        AnsiConsole.MarkupLine($"results: {Markup.Escape(Path.Combine(summary.ResultsFolder, "cells.parquet"))} and curves.parquet; query with: hdc query {Markup.Escape(summary.ResultsFolder)} \"SELECT * FROM cells\"");
        if (summary.Fault is { } fault)
        {
            Console.Error.WriteLine($"hdc run: stopped: {fault}");
            Console.Error.WriteLine($"hdc run: finished cells are kept; fix the cause (for data: hdc data verify, hdc data fetch NAME), then run '{again}' to finish the remaining {summary.NotRun} cells.");
            return 2;
        }

        if (summary.Stopped)
        {
            AnsiConsole.MarkupLine($"[yellow]stopped[/]: run [bold]{Markup.Escape(again)}[/] to finish the remaining {summary.NotRun} cells; finished cells are kept.");
            return 130;
        }

        return summary.Failed > 0 ? 1 : 0;
    }

    // A damaged Parquet file must not cost the cells whose rows are intact, nor stop the run: it is set aside (never
    // deleted), the compacted files are rebuilt from what is intact, and the run recomputes only the cells whose rows
    // were really lost. Anything else unreadable stops here, before any cell trains, with the store's own message.
    private static bool RecoverDamagedResults(string folder, Serilog.ILogger log)
    {
        using var store = new ResultsStore(folder);
        try
        {
            store.CompletedCellIds();
            return true;
        }
        catch (ResultsStoreException e) when (e.DamagedFiles.Count > 0)
        {
            var moved = store.RebuildFromIntactFiles();
            log.Warning("Set aside {Count} damaged result file(s) {Files} and rebuilt the results from the intact ones", moved.Count, moved);
            Console.Error.WriteLine($"hdc run: {moved.Count} damaged result file(s) moved to {Path.Combine(folder, "damaged")} ({string.Join(", ", moved.Select(Path.GetFileName))}); the cells whose rows they held run again");
            return true;
        }
        catch (ResultsStoreException e)
        {
            Console.Error.WriteLine($"hdc run: {e.Message}");
            return false;
        }
    }

    // What a researcher wants first when a sweep ends: each method's best cell and its loss.
    private static void WriteBestPerMethod(string resultsFolder)
    {
        using var store = new ResultsStore(resultsFolder);
        IReadOnlyList<MethodBest> best;
        try
        {
            best = RunSummary.BestPerMethod(store);
        }
        catch (ResultsStoreException e)
        {
            Console.Error.WriteLine($"hdc run: the best cells cannot be shown: {e.Message}");
            return;
        }

        if (best.Count == 0)
        {
            return;
        }

        var table = new Table().AddColumns("method", "best cell", "loss", "cells", "completed", "diverged", "failed");
        foreach (var method in best)
        {
            var loss = method.BestCellId is null ? "-" : $"{method.Loss.ToString("G4", CultureInfo.InvariantCulture)} ({method.LossName})";
            table.AddRow(Markup.Escape(method.Method), Markup.Escape(method.BestOptimizer ?? "-"), Markup.Escape(loss), $"{method.Cells}", $"{method.Completed}", $"{method.Diverged}", $"{method.Failed}");
        }

        AnsiConsole.Write(table);
    }

    // The composition root of local mode: the engine's actors in this process (Akka.Hosting), Akka's own log
    // events into our Serilog logger at warning and above.
    private static async Task<IHost> StartEngineAsync(SweepRunOptions options, Serilog.Core.Logger log)
    {
        Log.Logger = log;
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddAkka("hdc", akka => akka
            .ConfigureLoggers(loggers =>
            {
                loggers.LogLevel = Akka.Event.LogLevel.WarningLevel;
                loggers.ClearLoggers();
                loggers.AddLogger<SerilogLogger>();
            })
            .WithLocalSweepEngine(options, log));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
