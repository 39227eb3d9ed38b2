using HdCluster.Actors;
using HdCluster.Cluster.Messages;
using HdCluster.Results;
using HdCluster.Sweeps;
using HdCluster.Torch;
using Serilog;

namespace HdCluster.Cluster.Local;

/// <summary>
/// Runs a sweep on this machine with no external service: a coordinator, one worker per device slot and an
/// aggregator writing Parquet. Compatible cells train as fused groups as the sweep's <c>fuse:</c> setting allows
/// (<see cref="SweepFusion"/>). Cells already done in the results folder are skipped, so a stopped or
/// crashed run is resumed by running it again.
/// </summary>
public static class LocalSweepRunner
{
    public static async Task<SweepSummary> RunAsync(Sweep sweep, SweepRunOptions options, ISweepObserver observer, ILogger log, CancellationToken cancellation)
    {
        var folder = Path.Combine(options.ResultsRoot, sweep.Name);
        using var store = new ResultsStore(folder);
        var done = FinishedCellIds(store);
        var planningDevice = PlanningDevice(options.Devices);
        var toRun = SweepFusion.Plan(sweep, sweep.Cells.Where(c => !done.Contains(c.Id)).ToList(), DeviceMemory.Free(planningDevice), planningDevice);
        torch.set_num_threads(options.ThreadsPerSlot(Environment.ProcessorCount));
        log.Information("Results go to {Folder}; libtorch uses {Threads} threads per slot", Path.GetFullPath(folder), torch.get_num_threads());

        var finished = new TaskCompletionSource<SweepSummary>(TaskCreationOptions.RunContinuationsAsynchronously);
        var runId = Guid.NewGuid().ToString("N")[..8];
        await using var system = new ActorSystem("hdc", new ActorSystemOptions { Log = e => ForwardActorLog(log, e) });
        var aggregator = system.ActorOf(Props.Create(() => new AggregatorActor(sweep.Name, store, runId, log)), "aggregator");
        var coordinator = system.ActorOf(Props.Create(() => new CoordinatorActor(sweep, toRun, options, aggregator, observer, log, finished)), "coordinator");
        await using (cancellation.Register(() => coordinator.Tell(new StopRequested())))
        {
            var summary = await finished.Task.ConfigureAwait(false);
            await system.ShutdownAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            Compact(store, log);
            return summary;
        }
    }

    // Groups are sized for the weakest device a group may land on: any CPU slot makes it a CPU plan.
    private static string PlanningDevice(IReadOnlyList<string> devices) =>
        devices.FirstOrDefault(d => Device.Parse(d).Type == DeviceType.CPU) ?? devices.FirstOrDefault() ?? "cpu";

    // Every row is already durable in its part; merging only tidies up, so a failure loses nothing and the
    // next run (or query) merges again.
    private static void Compact(ResultsStore store, ILogger log)
    {
        try
        {
            store.Compact();
        }
        catch (ResultsStoreException e)
        {
            log.Warning("Could not merge the result parts (they are kept and read as they are): {Error}", e.Message);
        }
    }

    internal static void ForwardActorLog(ILogger log, ActorLogEvent e)
    {
        var level = e.Level switch
        {
            ActorLogLevel.Error => Serilog.Events.LogEventLevel.Error,
            ActorLogLevel.Warning => Serilog.Events.LogEventLevel.Warning,
            ActorLogLevel.Information => Serilog.Events.LogEventLevel.Information,
            _ => Serilog.Events.LogEventLevel.Debug,
        };
        log.ForContext("Actor", e.Source).Write(level, e.Exception, e.MessageTemplate, e.PropertyValues.ToArray());
    }

    /// <summary>Cells that need no further run: completed or diverged (a failed cell is tried again).</summary>
    public static IReadOnlySet<string> FinishedCellIds(ResultsStore store)
    {
        if (store.CompletedCellIds().Count == 0)
        {
            return new HashSet<string>();
        }

        var result = store.Query("SELECT DISTINCT cell_id FROM cells WHERE status IN ('completed', 'diverged')");
        return result.Rows.Select(r => (string)r[0]!).ToHashSet();
    }
}
