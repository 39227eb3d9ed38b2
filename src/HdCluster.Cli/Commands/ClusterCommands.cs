using System.CommandLine;
using System.CommandLine.Invocation;
using System.Globalization;
using Akka.Actor;
using HdCluster.Engine.Cluster;
using HdCluster.Engine.Coordination;
using HdCluster.Engine.Local;
using HdCluster.Engine.Workers;
using HdCluster.Torch;
using Serilog;
using Serilog.Events;
using Spectre.Console;

namespace HdCluster.Cli.Commands;

/// <summary>
/// Cluster mode on Akka.Cluster (docs/cluster.md): <c>hdc coordinator</c> and <c>hdc worker</c> are the cluster's
/// members; <c>hdc submit</c>, <c>hdc cancel</c> and <c>hdc status --config</c> are short-lived clients that reach the
/// coordinator through the cluster client receptionist without joining; <c>hdc results</c> names the results folder.
/// </summary>
internal static class ClusterCommands
{
    private const int ConfigProblem = 2;
    private const int ClusterUnreachable = 3;
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(20);

    public static Command Coordinator()
    {
        var config = ConfigOption();
        var command = new Command("coordinator", "coordinate the cluster: hand out submitted sweeps' cells, write results as Parquet, run a lost worker's cells again elsewhere") { config };
        command.SetAction((parse, cancel) => RunNodeAsync("coordinator", parse.GetValue(config)!, ClusterRole.Coordinator, null, cancel, (akka, settings, log) => akka.WithSweepCoordinator(settings, log)));
        return command;
    }

    public static Command Worker()
    {
        var config = ConfigOption();
        var devices = new Option<string[]>("--devices") { Description = "devices to use: cpu, cuda:0, ... (default: every GPU, else cpu)", AllowMultipleArgumentsPerToken = true };
        var slots = new Option<int?>("--slots") { Description = "cells at once per device (default 1)" };
        var threads = CommonOptions.Threads();
        var data = CommonOptions.Data();
        var port = new Option<int?>("--port") { Description = "remoting port of this node (default: $HDC_PORT, else any free port)" };
        var command = new Command("worker", "train cells from the cluster on this machine's devices, one worker slot per device slot") { config, devices, slots, threads, data, port };
        command.SetAction((parse, cancel) =>
        {
            var cuda = torch.cuda.is_available() ? torch.cuda.device_count() : 0;
            var chosen = parse.GetValue(devices) is { Length: > 0 } named ? named : cuda > 0 ? Enumerable.Range(0, cuda).Select(i => $"cuda:{i}").ToArray() : ["cpu"];
            var perDevice = parse.GetValue(slots) ?? 1;
            if (RunSettingsCheck.Problem(chosen, perDevice, maxAttempts: 1, cuda) is { } problem)
            {
                Console.Error.WriteLine($"hdc worker: {problem}");
                return Task.FromResult(ConfigProblem);
            }

            if (parse.GetValue(threads) is < 1)
            {
                Console.Error.WriteLine($"hdc worker: --threads must be at least 1 (got {parse.GetValue(threads)})");
                return Task.FromResult(ConfigProblem);
            }

            return RunNodeAsync("worker", parse.GetValue(config)!, ClusterRole.Worker, parse.GetValue(port), cancel, (akka, settings, log) =>
            {
                var dataRoot = CommonOptions.ResolveDataRoot(parse.GetValue(data) ?? settings.DataRoot);
                var cpuSlots = chosen.Count(d => d == "cpu") * perDevice;
                torch.set_num_threads(parse.GetValue(threads) ?? Math.Max(1, Environment.ProcessorCount / Math.Max(1, cpuSlots)));
                log.Information("Worker with {Slots} slot(s) on {Devices}, {Threads} libtorch thread(s) each", chosen.Length * perDevice, chosen, torch.get_num_threads());
                akka.WithWorkerSlots(address => WorkerSlotsOf(address, chosen, perDevice, dataRoot), log);
            });
        });
        return command;
    }

    public static Command Submit()
    {
        var file = new Argument<string>("sweep") { Description = "a sweep file, e.g. sweeps/quickstart.yaml" };
        var config = ConfigOption();
        var fuse = CommonOptions.Fuse();
        var attempts = new Option<int?>("--max-attempts") { Description = "attempts per cell before it is written as failed (default: the config's max_attempts)" };
        var command = new Command("submit", "check a sweep file here, then hand it to the cluster") { file, config, fuse, attempts };
        command.SetAction((parse, cancel) =>
        {
            if (parse.GetValue(attempts) is < 1)
            {
                Console.Error.WriteLine($"hdc submit: --max-attempts must be at least 1 (got {parse.GetValue(attempts)})");
                return Task.FromResult(ConfigProblem);
            }

            var path = parse.GetValue(file)!;
            if (CommonOptions.LoadSweep(path, "submit") is not { } loaded)
            {
                return Task.FromResult(ConfigProblem);
            }

            var sweep = loaded with { Fuse = parse.GetValue(fuse) ?? loaded.Fuse };
            return WithClientAsync("submit", parse.GetValue(config)!, cancel, async (settings, client) =>
            {
                var submitted = new SweepSubmitted(SweepDefinition.Of(sweep), parse.GetValue(attempts) ?? settings.MaxAttempts);
                switch (await client.AskAsync(submitted, ClientTimeout, cancel))
                {
                    case SweepAccepted accepted:
                        Console.WriteLine($"submitted {accepted.Sweep}: {accepted.Total} cells, {accepted.Skipped} already done; follow it with: hdc status --config {parse.GetValue(config)}");
                        return 0;
                    case SweepRefused refused:
                        Console.Error.WriteLine($"hdc submit: the cluster refused sweep {refused.Sweep}: {refused.Reason}");
                        return 1;
                    case var other:
                        Console.Error.WriteLine($"hdc submit: unexpected answer {other.GetType().Name}");
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
        var command = new Command("cancel", "stop a sweep on the cluster; cells in flight are dropped, finished ones stay") { name, config };
        command.SetAction((parse, cancel) => WithClientAsync("cancel", parse.GetValue(config)!, cancel, async (_, client) =>
        {
            var sweep = parse.GetValue(name)!;
            var status = (CoordinatorStatus)await client.AskAsync(new StatusRequested(), ClientTimeout, cancel);
            if (status.Sweeps.All(s => s.Sweep != sweep))
            {
                Console.Error.WriteLine($"hdc cancel: the cluster runs no sweep '{sweep}'");
                return 1;
            }

            // Asked again after the tell: the answer comes after the cancel was handled (one mailbox, in order).
            client.Tell(new SweepCancelled(sweep));
            await client.AskAsync(new StatusRequested(), ClientTimeout, cancel);
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
        command.SetAction(parse =>
        {
            if (LoadSettings("results", parse.GetValue(config)!) is not { } settings)
            {
                return ConfigProblem;
            }

            var folder = Path.GetFullPath(Path.Combine(settings.ResultsRoot, parse.GetValue(name)!));
            if (!Directory.Exists(folder))
            {
                Console.Error.WriteLine($"hdc results: no results for sweep '{parse.GetValue(name)}' under {Path.GetFullPath(settings.ResultsRoot)}");
                return 1;
            }

            Console.WriteLine(folder);
            return 0;
        });
        return command;
    }

    /// <summary>
    /// <c>hdc status</c>: a results folder as before, or with <c>--config</c> the cluster's sweeps and worker nodes.
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
                return WithClientAsync("status", file, cancel, async (_, client) =>
                {
                    var status = (CoordinatorStatus)await client.AskAsync(new StatusRequested(), ClientTimeout, cancel);
                    ClusterStatusView.Write(status);
                    return 0;
                });
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

    // One slot per device slot, named "<device>-<n>@<node address>": unique in the cluster, and status groups by node.
    private static IReadOnlyList<WorkerSlotSettings> WorkerSlotsOf(Address node, IReadOnlyList<string> devices, int perDevice, string dataRoot) =>
        devices.SelectMany(device => Enumerable.Range(0, perDevice).Select(slot =>
            new WorkerSlotSettings($"{device.Replace(':', '-')}-{slot}@{node.Host}:{node.Port}", device, dataRoot, Environment.MachineName)))
        .ToList();

    private static Option<string?> ConfigOption(bool required = true) =>
        new("--config") { Description = "the cluster config, e.g. cluster-config/cluster.yaml", Required = required };

    private static ClusterSettings? LoadSettings(string name, string file)
    {
        try
        {
            return ClusterSettings.Load(file);
        }
        catch (ClusterConfigException e)
        {
            Console.Error.WriteLine($"hdc {name}: {e.Message}");
            return null;
        }
    }

    // One member of the cluster until Ctrl-C/SIGTERM (exit 0) or until the cluster downs it (exit 1).
    private static async Task<int> RunNodeAsync(
        string name, string file, ClusterRole role, int? port, CancellationToken cancel, Action<Akka.Hosting.AkkaConfigurationBuilder, ClusterSettings, ILogger> roleActors)
    {
        if (port is < 0 or > 65535)
        {
            Console.Error.WriteLine($"hdc {name}: --port {port} is not a port (0-65535)");
            return ConfigProblem;
        }

        if (LoadSettings(name, file) is not { } settings)
        {
            return ConfigProblem;
        }

        using var log = (Serilog.Core.Logger)Logging.Create();

        // Akka's own log events go to Serilog's static logger (Akka.Logger.Serilog).
        Log.Logger = log;
        try
        {
            // The coordinator listens where the seed list says; a worker takes --port, $HDC_PORT, or any free port.
            var remotingPort = role == ClusterRole.Coordinator ? settings.Port : port ?? (settings.PortOverridden ? settings.Port : 0);
            var asked = await ClusterNodeHost.RunAsync(settings, role, remotingPort, ClusterWire.Manifests, log, (akka, s) => roleActors(akka, s, log), cancel);
            return asked ? 0 : 1;
        }
        catch (Exception e) when (e is ClusterConfigException or InvalidOperationException or DirectoryNotFoundException)
        {
            Console.Error.WriteLine($"hdc {name}: {e.Message}");
            return ConfigProblem;
        }
        finally
        {
            Log.Logger = Serilog.Core.Logger.None;
        }
    }

    // A short-lived client: quiet logs, and an unreachable coordinator is one line and exit 3.
    private static async Task<int> WithClientAsync(string name, string file, CancellationToken cancel, Func<ClusterSettings, CoordinatorClient, Task<int>> body)
    {
        if (LoadSettings(name, file) is not { } settings)
        {
            return ConfigProblem;
        }

        using var log = (Serilog.Core.Logger)Logging.Create(consoleLevel: LogEventLevel.Error);
        Log.Logger = log;
        try
        {
            var port = settings.PortOverridden ? settings.Port : 0;
            await using var client = await CoordinatorClient.ConnectAsync(settings, port, ClusterWire.Manifests, log, cancel);
            return await body(settings, client);
        }
        catch (TimeoutException e)
        {
            Console.Error.WriteLine($"hdc {name}: {e.Message} (seed nodes {string.Join(",", settings.SeedNodes)}; is hdc coordinator running?)");
            return ClusterUnreachable;
        }
        catch (ClusterConfigException e)
        {
            Console.Error.WriteLine($"hdc {name}: {e.Message}");
            return ConfigProblem;
        }
        finally
        {
            Log.Logger = Serilog.Core.Logger.None;
        }
    }
}
