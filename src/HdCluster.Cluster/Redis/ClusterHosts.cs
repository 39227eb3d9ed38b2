using HdCluster.Actors;
using HdCluster.Engine.Workers;
using HdCluster.Cluster.Messages;
using HdCluster.Results;
using HdCluster.Torch;
using Serilog;
using StackExchange.Redis;

namespace HdCluster.Cluster.Redis;

/// <summary>The two kinds of cluster process: a coordinator, and a worker with one actor per device slot.</summary>
public static class ClusterHosts
{
    public const string HealthFileVariable = "HDC_HEALTH_FILE";

    /// <summary>Coordinates until <paramref name="cancellation"/> fires, then gives up the coordinator lock.</summary>
    public static async Task RunCoordinatorAsync(ClusterConfig config, ILogger log, CancellationToken cancellation)
    {
        CheckResultsRoot(config);
        using var redis = await ClusterConnection.OpenAsync(config, log, cancellation).ConfigureAwait(false);
        await using var system = new ActorSystem("hdc-coordinator", new ActorSystemOptions { Log = e => ForwardActorLog(log, e) });
        var owner = $"{Environment.MachineName}-{Environment.ProcessId}";
        var coordinator = system.ActorOf(Props.Create(() => new ClusterCoordinatorActor(config, redis, owner, log)), "coordinator");
        using var stopHealth = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var health = TouchHealthFileAsync(config, redis, stopHealth.Token);
        var gone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        system.ActorOf(Props.Create(() => new Sentinel(coordinator, gone)), "sentinel");
        await WaitAsync(cancellation, gone.Task).ConfigureAwait(false);
        if (gone.Task.IsCompleted)
        {
            throw new InvalidOperationException("the coordinator stopped after repeated failures (see the errors above)");
        }

        log.Information("Coordinator stopping");
        try
        {
            await coordinator.Ask<StopRequested>(new StopRequested(), TimeSpan.FromSeconds(10), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or ActorStoppedException)
        {
            log.Warning("The coordinator did not stop in time: {Error}", e.Message);
        }

        await system.ShutdownAsync(TimeSpan.FromSeconds(20)).ConfigureAwait(false);
        await stopHealth.CancelAsync().ConfigureAwait(false);
        await health.ConfigureAwait(false);
    }

    /// <summary>
    /// Works until <paramref name="cancellation"/> fires; then each slot cancels its cell, hands it back to run
    /// elsewhere, and gives up its lease.
    /// </summary>
    /// <param name="devices">cpu, cuda:0, ...; empty: every GPU, else the CPU.</param>
    /// <param name="slots">Cells at once per device; null: 1.</param>
    /// <param name="threads">libtorch threads; null: the cores shared out over the CPU slots.</param>
    public static async Task RunWorkerAsync(ClusterConfig config, string dataRoot, IReadOnlyList<string> devices, int? slots, int? threads, ILogger log, CancellationToken cancellation)
    {
        var chosen = devices.Count > 0 ? devices : DiscoverDevices();
        var perDevice = Math.Max(1, slots ?? 1);
        var cpuSlots = chosen.Count(d => d == "cpu") * perDevice;
        torch.set_num_threads(threads ?? Math.Max(1, Environment.ProcessorCount / Math.Max(1, cpuSlots)));

        using var redis = await ClusterConnection.OpenAsync(config, log, cancellation).ConfigureAwait(false);
        var keys = new ClusterKeys(config.KeyPrefix);
        var leases = new Leases(redis.GetDatabase(), keys, config.LeaseTimeout);
        await using var system = new ActorSystem("hdc-worker", new ActorSystemOptions { Log = e => ForwardActorLog(log, e) });
        var started = new List<(string Slot, ActorRef Actor)>();
        foreach (var device in chosen)
        {
            for (var s = 0; s < perDevice; s++)
            {
                var slot = $"{Environment.MachineName}-{Environment.ProcessId}-{device.Replace(':', '-')}-{s}";
                var description = $"{device} on {Environment.MachineName} (pid {Environment.ProcessId}) since {DateTimeOffset.UtcNow:O}";
                await leases.RegisterAsync(slot, description).ConfigureAwait(false);
                started.Add((slot, system.ActorOf(Props.Create(() => new ClusterWorkerActor(config, redis, slot, device, description, dataRoot, log)), slot)));
            }
        }

        var health = TouchHealthFileAsync(config, redis, cancellation);
        log.Information("Worker with {Slots} slot(s) on {Devices}, {Threads} libtorch thread(s): {Config}", started.Count, chosen, torch.get_num_threads(), config.Describe());
        await WaitAsync(cancellation).ConfigureAwait(false);
        log.Information("Worker stopping: handing back the cells in hand");
        await Task.WhenAll(started.Select(async s =>
        {
            try
            {
                await s.Actor.Ask<ClusterWorkerActor.SlotStopped>(new StopRequested(), TimeSpan.FromSeconds(20), CancellationToken.None).ConfigureAwait(false);
                await leases.ForgetAsync(s.Slot).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or ActorStoppedException or RedisException)
            {
                log.Warning("Slot {Slot} did not stop cleanly ({Error}); its lease expires by itself", s.Slot, config.Mask(e.Message));
            }
        })).ConfigureAwait(false);
        await system.ShutdownAsync(TimeSpan.FromSeconds(20)).ConfigureAwait(false);
        await health.ConfigureAwait(false);
    }

    /// <summary>Every GPU libtorch sees, else the CPU.</summary>
    public static IReadOnlyList<string> DiscoverDevices() =>
        torch.cuda.is_available() ? Enumerable.Range(0, torch.cuda.device_count()).Select(i => $"cuda:{i}").ToArray() : ["cpu"];

    /// <summary>
    /// For Kubernetes probes: touches the file named by <c>HDC_HEALTH_FILE</c> after every successful Redis round
    /// trip, each heartbeat, so its age says how long this process has been cut off (or stuck).
    /// </summary>
    private static async Task TouchHealthFileAsync(ClusterConfig config, IConnectionMultiplexer redis, CancellationToken cancellation)
    {
        if (Environment.GetEnvironmentVariable(HealthFileVariable) is not { Length: > 0 } path)
        {
            return;
        }

        while (!cancellation.IsCancellationRequested)
        {
            try
            {
                await redis.GetDatabase().PingAsync().ConfigureAwait(false);
                await File.WriteAllTextAsync(path, DateTimeOffset.UtcNow.ToString("O"), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is RedisException or TimeoutException or IOException or UnauthorizedAccessException)
            {
                // Not touched: the probe sees the file age.
            }

            try
            {
                await Task.Delay(config.HeartbeatInterval, cancellation).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    // Fails here, at start, rather than at the first result: the results folder must be writable and DuckDB loadable.
    private static void CheckResultsRoot(ClusterConfig config)
    {
        try
        {
            Directory.CreateDirectory(config.ResultsRoot);
            using var store = new ResultsStore(config.ResultsRoot);
            store.Query("SELECT 1");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DllNotFoundException or ResultsStoreException or DuckDbException)
        {
            throw new InvalidOperationException($"cannot write results under '{config.ResultsRoot}': {e.Message}");
        }
    }

    private static async Task WaitAsync(CancellationToken cancellation, Task? orUntil = null)
    {
        try
        {
            await Task.WhenAny(Task.Delay(Timeout.Infinite, cancellation), orUntil ?? Task.Delay(Timeout.Infinite, cancellation)).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Turns the end of an actor (its supervisor gave up on it) into a completed task the host waits on.</summary>
    private sealed class Sentinel(ActorRef watched, TaskCompletionSource gone) : Actor
    {
        protected override void PreStart() => Context.Watch(watched);

        protected override Task ReceiveAsync(object message)
        {
            if (message is Terminated)
            {
                gone.TrySetResult();
            }

            return Task.CompletedTask;
        }
    }

    // The home-made kernel's log events into Serilog (moved here from the retired local engine).
    private static void ForwardActorLog(ILogger log, ActorLogEvent e)
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
}
