using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using HdCluster.Engine.Status;

namespace HdCluster.Benchmarks.Engine;

/// <summary>
/// The same tiny-cell sweep through a real cluster on this machine: a coordinator process and worker processes
/// (one slot, one libtorch thread each) on loopback, the sweep handed over with <c>hdc submit</c>. Timed from the
/// submit to the sweep's merged results on disk, so the cluster's whole path counts: the client, the singleton's
/// journal, remoting both ways, training, the aggregator's writes and the final merge.
/// </summary>
internal static partial class ClusterThroughput
{
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(90);

    /// <summary>Starts the cluster once, then submits the sweeps one after another, each to its end.</summary>
    public static IReadOnlyList<(TimeSpan Wall, TimeSpan Submit)> Run(IReadOnlyList<(string File, string Name)> sweeps, string folder, string dataRoot, int workers)
    {
        var cli = CliPath();
        var port = FreePort();
        var results = Path.Combine(folder, "cluster-results");
        var config = Path.Combine(folder, "cluster.yaml");
        File.WriteAllText(config, $"cluster_name: hdc-bench\nseed_nodes: [127.0.0.1:{port}]\nhost: 127.0.0.1\nport: {port}\nresults_root: {results}\n");
        var nodes = new List<Node>();
        try
        {
            var coordinator = Node.Start(cli, dataRoot, ["coordinator", "--config", config]);
            nodes.Add(coordinator);
            coordinator.WaitFor(UpAsCoordinator(), Startup);
            for (var i = 0; i < workers; i++)
            {
                nodes.Add(Node.Start(cli, dataRoot, ["worker", "--config", config, "--slots", "1", "--threads", "1"]));
            }

            foreach (var worker in nodes.Skip(1))
            {
                var address = worker.WaitFor(StartedAsWorker(), Startup).Groups[1].Value;
                coordinator.WaitFor(new Regex($"Node {Regex.Escape(address)} is up"), Startup);
            }

            return [.. sweeps.Select(sweep => Time(cli, dataRoot, config, Path.Combine(results, sweep.Name), sweep.File, coordinator))];
        }
        finally
        {
            foreach (var node in nodes)
            {
                node.Dispose();
            }
        }
    }

    private static (TimeSpan Wall, TimeSpan Submit) Time(string cli, string dataRoot, string config, string sweepFolder, string sweepFile, Node coordinator)
    {
        var clock = Stopwatch.StartNew();
        using (var submit = Node.Start(cli, dataRoot, ["submit", sweepFile, "--config", config]))
        {
            if (!submit.Process.WaitForExit(Startup) || submit.Process.ExitCode != 0)
            {
                throw new InvalidOperationException($"hdc submit failed:\n{submit.Output}");
            }
        }

        var submitted = clock.Elapsed;
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(10);
        while (SweepStatus.Read(sweepFolder) is not { Finished: true } || !File.Exists(Path.Combine(sweepFolder, "cells.parquet")))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the cluster did not finish {sweepFolder} within 10 minutes:\n{coordinator.Output}");
            }

            Thread.Sleep(20);
        }

        var wall = clock.Elapsed;
        var status = SweepStatus.Read(sweepFolder)!;
        if (status.Completed != status.Total)
        {
            throw new InvalidOperationException($"the cluster completed {status.Completed} of {status.Total} cells:\n{coordinator.Output}");
        }

        return (wall, submitted);
    }

    // Beside the benchmark's build (./hdc bench builds both into build/), or where HDC_CLI says.
    private static string CliPath()
    {
        var path = Environment.GetEnvironmentVariable("HDC_CLI") is { Length: > 0 } set
            ? set
            : Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "cli", "hdc.dll"));
        return File.Exists(path) ? path : throw new FileNotFoundException($"the cluster row needs the CLI at {path} (run ./hdc build, or set HDC_CLI)", path);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("is up with roles coordinator")]
    private static partial Regex UpAsCoordinator();

    [GeneratedRegex(@"Node (\S+) started as worker")]
    private static partial Regex StartedAsWorker();

    /// <summary>An hdc process whose output lines are kept, so the benchmark can wait for what a node says.</summary>
    private sealed class Node : IDisposable
    {
        private readonly ConcurrentQueue<string> lines = new();
        private readonly SemaphoreSlim arrived = new(0);

        private Node(Process process) => Process = process;

        public Process Process { get; }

        public string Output => string.Join('\n', lines);

        public static Node Start(string cli, string dataRoot, IReadOnlyList<string> args)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(cli);
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            start.Environment["HDC_DATA"] = dataRoot;
            start.Environment["HDC_MANAGEMENT_PORT"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
            var node = new Node(new Process { StartInfo = start });
            node.Process.OutputDataReceived += (_, e) => node.Add(e.Data);
            node.Process.ErrorDataReceived += (_, e) => node.Add(e.Data);
            node.Process.Start();
            node.Process.BeginOutputReadLine();
            node.Process.BeginErrorReadLine();
            return node;
        }

        public Match WaitFor(Regex pattern, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            var seen = 0;
            while (true)
            {
                var snapshot = lines.ToArray();
                for (; seen < snapshot.Length; seen++)
                {
                    if (pattern.Match(snapshot[seen]) is { Success: true } match)
                    {
                        return match;
                    }
                }

                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || Process.HasExited && !arrived.Wait(0))
                {
                    throw new TimeoutException($"no line matching '{pattern}' within {timeout.TotalSeconds} s:\n{Output}");
                }

                arrived.Wait(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
            }
        }

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
                Process.WaitForExit(10_000);
            }

            Process.Dispose();
            arrived.Dispose();
        }

        private void Add(string? line)
        {
            if (line is not null)
            {
                lines.Enqueue(line);
                arrived.Release();
            }
        }
    }
}
