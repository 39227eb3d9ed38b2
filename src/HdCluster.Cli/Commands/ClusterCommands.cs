using System.CommandLine;
using System.CommandLine.Invocation;
using System.Globalization;
using HdCluster.Cluster.Redis;
using HdCluster.Engine.Cluster;
using ClusterConfigException = HdCluster.Cluster.Redis.ClusterConfigException;
using Serilog;
using Spectre.Console;
using StackExchange.Redis;

namespace HdCluster.Cli.Commands;

/// <summary>
/// Cluster mode (docs/cluster.md): <c>hdc coordinator</c> and <c>hdc worker</c> run the cluster's processes;
/// <c>hdc submit</c>, <c>hdc cancel</c>, <c>hdc status --config</c> and <c>hdc results</c> talk to it through Redis.
/// </summary>
internal static class ClusterCommands
{
    private const int ConfigProblem = 2;
    private const int RedisProblem = 3;

    public static Command Coordinator()
    {
        var config = ConfigOption();
        var command = new Command("coordinator", "coordinate the cluster: publish submitted sweeps' cells, write results as Parquet, reassign the cells of lost workers") { config };
        command.SetAction((parse, cancel) => IsRedisConfig(parse.GetValue(config)!)
            ? WithConfig("coordinator", parse.GetValue(config)!, async (cfg, log) =>
            {
                await ClusterHosts.RunCoordinatorAsync(cfg, log, cancel);
                return 0;
            })
            : RunNodeAsync("coordinator", parse.GetValue(config)!, ClusterRole.Coordinator, null, cancel));
        return command;
    }

    public static Command Worker()
    {
        var config = ConfigOption();
        var devices = new Option<string[]>("--devices") { Description = "devices to use: cpu, cuda:0, ... (default: every GPU, else cpu)", AllowMultipleArgumentsPerToken = true };
        var slots = new Option<int?>("--slots") { Description = "cells at once per device (default 1)" };
        var threads = CommonOptions.Threads();
        var data = CommonOptions.Data();
        var port = PortOption();
        var command = new Command("worker", "train cells from the cluster on this machine's devices, one worker per device slot") { config, devices, slots, threads, data, port };
        command.SetAction((parse, cancel) => IsRedisConfig(parse.GetValue(config)!)
            ? WithConfig("worker", parse.GetValue(config)!, async (cfg, log) =>
            {
                var root = CommonOptions.ResolveDataRoot(parse.GetValue(data) ?? cfg.DataRoot);
                await ClusterHosts.RunWorkerAsync(cfg, root, parse.GetValue(devices) ?? [], parse.GetValue(slots), parse.GetValue(threads), log, cancel);
                return 0;
            })
            : RunNodeAsync("worker", parse.GetValue(config)!, ClusterRole.Worker, parse.GetValue(port), cancel));
        return command;
    }

    public static Command Submit()
    {
        var file = new Argument<string>("sweep") { Description = "a sweep file, e.g. sweeps/quickstart.yaml" };
        var config = ConfigOption();
        var fuse = CommonOptions.Fuse();
        var command = new Command("submit", "check a sweep file here, then hand it to the cluster") { file, config, fuse };
        command.SetAction((parse, cancel) =>
        {
            var path = parse.GetValue(file)!;
            if (CommonOptions.LoadSweep(path, "submit") is not { } sweep)
            {
                return Task.FromResult(ConfigProblem);
            }

            return WithConfig("submit", parse.GetValue(config)!, async (cfg, log) =>
            {
                using var redis = await ConnectAsync(cfg, log, cancel);
                var registry = Registry(cfg, redis);
                try
                {
                    var id = await registry.SubmitAsync(sweep, await File.ReadAllTextAsync(path, cancel), Path.GetFileName(path), parse.GetValue(fuse));
                    Console.WriteLine($"submitted {sweep.Name}: {sweep.Cells.Count} cells (submission {id}); follow it with: hdc status --config {parse.GetValue(config)}");
                    return 0;
                }
                catch (InvalidOperationException e)
                {
                    Console.Error.WriteLine($"hdc submit: {e.Message}");
                    return 1;
                }
            });
        });
        return command;
    }

    public static Command Cancel()
    {
        var name = new Argument<string>("sweep") { Description = "the sweep's name" };
        var config = ConfigOption();
        var command = new Command("cancel", "stop handing out a sweep's cells on the cluster; cells in flight are dropped, finished ones stay") { name, config };
        command.SetAction((parse, cancel) => WithConfig("cancel", parse.GetValue(config)!, async (cfg, log) =>
        {
            using var redis = await ConnectAsync(cfg, log, cancel);
            var registry = Registry(cfg, redis);
            var sweep = parse.GetValue(name)!;
            if (!await registry.CancelAsync(sweep))
            {
                Console.Error.WriteLine($"hdc cancel: the cluster has no sweep '{sweep}'");
                return 1;
            }

            Console.WriteLine($"cancelled {sweep}");
            return 0;
        }));
        return command;
    }

    public static Command Results()
    {
        var name = new Argument<string>("sweep") { Description = "the sweep's name" };
        var config = ConfigOption();
        var command = new Command("results", "print the folder holding a cluster sweep's Parquet files") { name, config };
        command.SetAction((parse, cancel) => WithConfig("results", parse.GetValue(config)!, async (cfg, log) =>
        {
            using var redis = await ConnectAsync(cfg, log, cancel);
            var registry = Registry(cfg, redis);
            var sweep = parse.GetValue(name)!;
            if (await registry.MetaAsync(sweep) is { } meta)
            {
                Console.WriteLine(meta.ResultsFolder);
                return 0;
            }

            Console.Error.WriteLine($"hdc results: the cluster has no sweep '{sweep}'");
            return 1;
        }));
        return command;
    }

    /// <summary>
    /// <c>hdc status</c>: a results folder as before, or with <c>--config</c> the cluster's sweeps and workers.
    /// </summary>
    public static Command Status(Command local)
    {
        var config = ConfigOption(required: false);
        local.Options.Add(config);
        local.Arguments[0].Arity = ArgumentArity.ZeroOrOne;
        local.Description = "what is done, running and left: in a results folder, or with --config on the cluster";
        var localAction = (SynchronousCommandLineAction)local.Action!;
        local.SetAction((parse, cancel) =>
        {
            if (parse.GetValue(config) is { } file)
            {
                return WithConfig("status", file, (cfg, log) => ClusterStatusAsync(cfg, log, cancel));
            }

            if (parse.GetValue((Argument<string>)local.Arguments[0]) is null)
            {
                Console.Error.WriteLine("hdc status: give a results folder, or --config FILE for the cluster");
                return Task.FromResult(ConfigProblem);
            }

            return Task.FromResult(localAction.Invoke(parse));
        });
        return local;
    }

    private static async Task<int> ClusterStatusAsync(ClusterConfig cfg, ILogger log, CancellationToken cancel)
    {
        using var redis = await ConnectAsync(cfg, log, cancel);
        var registry = Registry(cfg, redis);
        var leases = new Leases(redis.GetDatabase(), new ClusterKeys(cfg.KeyPrefix), cfg.LeaseTimeout);
        var sweeps = new Table().AddColumns("sweep", "state", "cells", "done", "running", "left", "failed", "results");
        var running = new Table().AddColumns("sweep", "cell", "worker", "since", "attempt");
        foreach (var name in await registry.AllAsync())
        {
            if (await registry.MetaAsync(name) is not { } meta)
            {
                continue;
            }

            var states = await registry.CellStatesAsync(name);
            int Count(params string[] s) => states.Values.Count(s.Contains);
            var done = Count("completed", "diverged", "failed");

            // A cancelled sweep's cells that were in flight were dropped: they are left, not running.
            var inFlight = meta.State == SweepMeta.Running ? Count("running") : 0;
            sweeps.AddRow(Markup.Escape(name), meta.State, Number(meta.Total), Number(done), Number(inFlight), Number(meta.Total - done - inFlight), Number(Count("failed")), Markup.Escape(meta.ResultsFolder));
            foreach (var r in await registry.RunningAsync(name))
            {
                running.AddRow(Markup.Escape(name), r.CellId, Markup.Escape(r.Worker), r.Since.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture), Number(r.Attempt));
            }
        }

        var workers = new Table().AddColumns("worker", "doing", "device and host");
        foreach (var (slot, description) in await leases.WorkersAsync())
        {
            workers.AddRow(Markup.Escape(slot), Markup.Escape(await leases.DoingAsync(slot) ?? "lost (no heartbeat)"), Markup.Escape(description));
        }

        AnsiConsole.Write(sweeps);
        AnsiConsole.Write(running);
        AnsiConsole.Write(workers);
        AnsiConsole.MarkupLine($"coordinator: {Markup.Escape(await leases.CoordinatorAsync() ?? "none running")}");
        return 0;
    }

    // Until the engine's actors are hosted on the Akka cluster, a config with a redis section still runs the
    // Redis cluster; the Akka cluster config (cluster-config/cluster.yaml) starts Akka.Cluster nodes.
    private static bool IsRedisConfig(string file) =>
        File.Exists(file) && File.ReadLines(file).Any(line => line.StartsWith("redis:", StringComparison.Ordinal));

    private static Option<int?> PortOption() =>
        new("--port") { Description = "remoting port of this node (default: $HDC_PORT, else an ephemeral port)" };

    // One Akka.Cluster node: a bad config is one line and exit 2; a node downed by the cluster exits 1.
    private static async Task<int> RunNodeAsync(string name, string file, ClusterRole role, int? port, CancellationToken cancel)
    {
        using var log = (Serilog.Core.Logger)Logging.Create();
        ClusterSettings settings;
        try
        {
            settings = ClusterSettings.Load(file);
        }
        catch (HdCluster.Engine.Cluster.ClusterConfigException e)
        {
            Console.Error.WriteLine($"hdc {name}: {e.Message}");
            return ConfigProblem;
        }

        if (port is < 0 or > 65535)
        {
            Console.Error.WriteLine($"hdc {name}: --port {port} is not a port (0-65535)");
            return ConfigProblem;
        }

        // Akka's own log events go to Serilog's static logger (Akka.Logger.Serilog).
        Log.Logger = log;
        // The coordinator listens where the seed list says; others take --port, $HDC_PORT, or any free port.
        var remotingPort = role == ClusterRole.Coordinator ? settings.Port : port ?? (settings.PortOverridden ? settings.Port : 0);
        try
        {
            var asked = await ClusterNodeHost.RunAsync(settings, role, remotingPort, ClusterWire.Manifests, log, (_, _) => { }, cancel);
            return asked ? 0 : 1;
        }
        catch (HdCluster.Engine.Cluster.ClusterConfigException e)
        {
            Console.Error.WriteLine($"hdc {name}: {e.Message}");
            return ConfigProblem;
        }
        finally
        {
            Log.Logger = Serilog.Core.Logger.None;
        }
    }

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static Option<string?> ConfigOption(bool required = true) =>
        new("--config") { Description = "the cluster config, e.g. cluster-config/cluster.yaml", Required = required };

    // A command someone waits for gives up on an unreachable Redis sooner than a long-running process.
    private static Task<IConnectionMultiplexer> ConnectAsync(ClusterConfig cfg, ILogger log, CancellationToken cancel) =>
        ClusterConnection.OpenAsync(cfg with { ConnectTimeout = TimeSpan.FromSeconds(Math.Min(10, cfg.ConnectTimeout.TotalSeconds)) }, log, cancel);

    private static SweepRegistry Registry(ClusterConfig cfg, IConnectionMultiplexer redis) => new(redis.GetDatabase(), new ClusterKeys(cfg.KeyPrefix));

    // Loads the config and turns the cluster's expected failures into one clear line and an exit code.
    private static async Task<int> WithConfig(string name, string file, Func<ClusterConfig, ILogger, Task<int>> body)
    {
        using var log = (Serilog.Core.Logger)Logging.Create(consoleLevel: name is "coordinator" or "worker" ? Serilog.Events.LogEventLevel.Information : Serilog.Events.LogEventLevel.Warning);
        ClusterConfig config;
        try
        {
            config = ClusterConfig.Load(file);
        }
        catch (ClusterConfigException e)
        {
            Console.Error.WriteLine($"hdc {name}: {e.Message}");
            return ConfigProblem;
        }

        try
        {
            return await body(config, log);
        }
        catch (ClusterConnectionException e)
        {
            Console.Error.WriteLine($"hdc {name}: {config.Mask(e.Message)}");
            return RedisProblem;
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine($"hdc {name}: {config.Mask(e.Message)}");
            return 1;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Console.Error.WriteLine($"hdc {name}: Redis at {string.Join(",", config.Endpoints)}: {config.Mask(e.Message.Split('\n')[0])}");
            return RedisProblem;
        }
    }
}
