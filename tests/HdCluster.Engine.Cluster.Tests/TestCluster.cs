using System.Net;
using System.Net.Sockets;

namespace HdCluster.Engine.Cluster.Tests;

/// <summary>
/// A cluster of real hdc processes on loopback: a config file in a temporary folder, free ports, and every process
/// started here killed and its output kept for the failure message.
/// </summary>
internal sealed class TestCluster : IDisposable
{
    private readonly List<HdcProcess> processes = [];
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("hdc-cluster-");

    /// <param name="seedWorkerPorts">Worker ports listed as seed nodes too, so a restarted coordinator rejoins them.</param>
    public TestCluster(string extraYaml = "", IReadOnlyList<int>? seedWorkerPorts = null)
    {
        CoordinatorPort = FreePort();
        var seeds = string.Join(", ", new[] { CoordinatorPort }.Concat(seedWorkerPorts ?? []).Select(p => $"127.0.0.1:{p}"));
        ConfigPath = Path.Combine(folder.FullName, "cluster.yaml");
        File.WriteAllText(ConfigPath, $"""
            cluster_name: hdcluster
            seed_nodes: [{seeds}]
            host: 127.0.0.1
            port: {CoordinatorPort}
            results_root: {Path.Combine(folder.FullName, "results")}
            {extraYaml}
            """);
    }

    public int CoordinatorPort { get; }

    public string ConfigPath { get; }

    public string Folder => folder.FullName;

    public IEnumerable<HdcProcess> Processes => processes;

    public string ResultsRoot => Path.Combine(folder.FullName, "results");

    public string SweepFolder(string sweep) => Path.Combine(ResultsRoot, sweep);

    /// <summary>A sweep of <paramref name="cells"/> MNIST logistic-regression cells (seeds 1..n), each alone.</summary>
    public string WriteSweep(string name, int cells, int epochs = 1, int trainLimit = 1000, int? steps = null)
    {
        var path = Path.Combine(folder.FullName, $"{name}.yaml");
        File.WriteAllText(path, $"""
            name: {name}
            fixed:
              model: logreg
              optimizer: "sgd_hd(lr=0.01, beta=1e-3)"
              {(steps is { } s ? $"steps: {s}" : $"epochs: {epochs}")}
              batch_size: 100
              train_limit: {trainLimit}
              valid_limit: 500
              record_every: 5
            grid:
              seed: [{string.Join(", ", Enumerable.Range(1, cells))}]
            fuse: off
            """);
        return path;
    }

    /// <summary>Runs a short-lived hdc command (submit, status, cancel) to its end, bounded.</summary>
    public (int Code, string Output) Run(string command, params string[] args)
    {
        using var process = HdcProcess.StartNamed(command, Folder, new Dictionary<string, string>(), [command, .. args, "--config", ConfigPath]);
        var code = process.WaitForExit(TimeSpan.FromSeconds(60));
        return (code, process.Output);
    }

    /// <summary>Waits (bounded) until the sweep's status file says it finished.</summary>
    public async Task WaitForSweepAsync(string sweep, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        // Finished in the status file, and the merged files in place (the merge may land just after the status).
        while (HdCluster.Engine.Status.SweepStatus.Read(SweepFolder(sweep)) is not { Finished: true } || !File.Exists(Path.Combine(SweepFolder(sweep), "cells.parquet")))
        {
            Assert.True(DateTime.UtcNow < deadline, $"sweep {sweep} did not finish within {timeout.TotalSeconds} s:\n{AllOutput()}");
            await Task.Delay(250);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts <c>hdc {command} --config ...</c> with its own management port.</summary>
    public (HdcProcess Process, int ManagementPort) Start(string name, string command, Dictionary<string, string>? environment = null, params string[] args)
    {
        environment = new Dictionary<string, string>(environment ?? []) { ["HDC_DATA"] = HdCluster.TestSupport.TestPaths.DataRoot };
        var management = FreePort();
        var variables = new Dictionary<string, string>(environment ?? []) { ["HDC_MANAGEMENT_PORT"] = management.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var process = HdcProcess.StartNamed(name, Folder, variables, [command, "--config", ConfigPath, .. args]);
        processes.Add(process);
        return (process, management);
    }

    /// <summary>GET on a node's health endpoint; 0 when nothing answers.</summary>
    public static async Task<int> ProbeAsync(int managementPort, string path)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{managementPort}{path}"));
            return (int)response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return 0;
        }
    }

    /// <summary>Polls a node's health endpoint until it answers <paramref name="status"/> (bounded).</summary>
    public static async Task WaitForProbeAsync(int managementPort, string path, int status, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        int last;
        while ((last = await ProbeAsync(managementPort, path)) != status)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{path} on port {managementPort} answered {last}, not {status}, for {timeout.TotalSeconds} s");
            await Task.Delay(200);
        }
    }

    public string AllOutput() => string.Join("\n\n", processes.Select(p => $"--- {p.Name} ---\n{p.Output}"));

    public void Dispose()
    {
        foreach (var process in processes)
        {
            process.Dispose();
        }

        try
        {
            folder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A killed process may still hold a file for a moment; the temporary folder is cleaned by the system.
        }
    }
}
