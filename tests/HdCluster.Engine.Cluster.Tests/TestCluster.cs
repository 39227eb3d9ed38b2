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

    public TestCluster(string extraYaml = "")
    {
        CoordinatorPort = FreePort();
        ConfigPath = Path.Combine(folder.FullName, "cluster.yaml");
        File.WriteAllText(ConfigPath, $"""
            cluster_name: hdcluster
            seed_nodes: [127.0.0.1:{CoordinatorPort}]
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

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts <c>hdc {command} --config ...</c> with its own management port.</summary>
    public (HdcProcess Process, int ManagementPort) Start(string name, string command, Dictionary<string, string>? environment = null, params string[] args)
    {
        var management = FreePort();
        var variables = new Dictionary<string, string>(environment ?? []) { ["HDC_MANAGEMENT_PORT"] = management.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var process = new HdcProcess(name, variables, [command, "--config", ConfigPath, .. args]);
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
