using System.Text;
using System.Text.RegularExpressions;
using HdCluster.Results;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace HdCluster.Cluster.Redis.Tests;

/// <summary>
/// One cluster for one test: a real redis-server, a cluster config with short leases (heartbeat 0.5 s, lease 3 s),
/// a results folder, and the hdc processes the test starts. Every wait is bounded; on dispose every process is
/// killed, its output goes to the test log, and the folder is deleted.
/// </summary>
internal sealed partial class TestCluster : IDisposable
{
    private readonly ITestOutputHelper log;
    private readonly List<HdcProcess> processes = [];
    private readonly ConnectionMultiplexer client;

    public TestCluster(ITestOutputHelper log)
    {
        this.log = log;
        Folder = Path.Combine(Path.GetTempPath(), $"hdc-cluster-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Folder);
        Password = $"pw-{Guid.NewGuid():N}";
        Redis = new RedisServer(Path.Combine(Folder, "redis"), Password);
        ConfigPath = Path.Combine(Folder, "cluster.yaml");
        File.WriteAllText(ConfigPath, $"""
            redis:
              endpoints: [{Redis.Endpoint}]
              password_env: HDC_REDIS_PASSWORD
              key_prefix: hdc
              connect_timeout_seconds: 20
            heartbeat_interval_seconds: 0.5
            lease_timeout_seconds: 3
            poll_interval_seconds: 0.2
            max_attempts: 3
            results_root: {Path.Combine(Folder, "results")}
            data_root: {TestPaths.DataRoot}
            """);
        client = ConnectionMultiplexer.Connect(new ConfigurationOptions { EndPoints = { Redis.Endpoint }, Password = Password, AbortOnConnectFail = false });
    }

    public string Folder { get; }

    public string Password { get; }

    public RedisServer Redis { get; }

    public string ConfigPath { get; }

    public IDatabase Db => client.GetDatabase();

    public static TimeSpan Patience { get; } = TimeSpan.FromSeconds(90);

    public Dictionary<string, string> Environment(string? password = null) => new()
    {
        ["HDC_REDIS_PASSWORD"] = password ?? Password,
        ["HDC_NATIVE_DIR"] = TestPaths.NativeDir,
        ["HDC_DATA"] = TestPaths.DataRoot,
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
    };

    public HdcProcess Coordinator() => Start("coordinator", "--config", ConfigPath);

    /// <summary>A worker process with one CPU slot and one libtorch thread (the tests share 2 cores).</summary>
    public HdcProcess Worker() => Start("worker", "--config", ConfigPath, "--devices", "cpu", "--slots", "1", "--threads", "1");

    public HdcProcess Start(params string[] args)
    {
        var p = new HdcProcess(Environment(), args);
        processes.Add(p);
        return p;
    }

    /// <summary>Runs a short command (submit, status, ...) to its end.</summary>
    public (int ExitCode, string Output) Run(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var p = new HdcProcess(environment, args);
        var code = p.WaitForExit(TimeSpan.FromSeconds(60));
        log.WriteLine($"$ hdc {p.Command} -> {code}\n{p.Output}");
        return (code, p.Output);
    }

    /// <summary>A sweep of <paramref name="cells"/> MNIST logistic-regression cells (seeds 1..n) on 1000 examples.</summary>
    /// <param name="fuse">The sweep's <c>fuse:</c> setting.</param>
    public string WriteSweep(string name, int cells, int epochs = 1, string fuse = "auto")
    {
        var path = Path.Combine(Folder, $"{name}.yaml");
        File.WriteAllText(path, $"""
            name: {name}
            fixed:
              model: logreg
              optimizer: "sgd_hd(lr=0.01, beta=1e-3)"
              epochs: {epochs}
              batch_size: 100
              train_limit: 1000
              valid_limit: 500
              record_every: 5
            grid:
              seed: [{string.Join(", ", Enumerable.Range(1, cells))}]
            fuse: {fuse}
            """);
        return path;
    }

    public void Submit(string sweepFile, params string[] options)
    {
        var (code, output) = Run(Environment(), ["submit", sweepFile, "--config", ConfigPath, .. options]);
        Assert.True(code == 0, $"hdc submit failed ({code}): {output}");
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with every process's output after <paramref name="timeout"/>.</summary>
    public async Task WaitUntilAsync(string what, Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Patience);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                // Redis may be restarting in this very test.
            }

            await Task.Delay(100);
        }

        Assert.Fail($"timed out after {(timeout ?? Patience).TotalSeconds} s waiting until {what}\n{Outputs()}");
    }

    public Task WaitForFinishAsync(string sweep) =>
        WaitUntilAsync($"sweep {sweep} is finished", async () => (await Db.HashGetAsync($"hdc:{sweep}:meta", "state")) == "finished");

    public async Task<Dictionary<string, string>> CellStatesAsync(string sweep) =>
        (await Db.HashGetAllAsync($"hdc:{sweep}:status")).ToDictionary(h => h.Name.ToString(), h => h.Value.ToString());

    public async Task<Dictionary<string, int>> TakesAsync(string sweep) =>
        (await Db.HashGetAllAsync($"hdc:{sweep}:takes")).ToDictionary(h => h.Name.ToString(), h => (int)h.Value);

    /// <summary>
    /// Every row of the sweep's cells table as stored, read with DuckDB straight from the Parquet files (merged file
    /// and any parts), so a duplicate would show even where the <c>cells</c> view would hide it.
    /// </summary>
    public IReadOnlyList<(string CellId, string Worker, long Attempts, string Status)> CellRows(string sweep) =>
        RawCells(sweep, "SELECT cell_id, worker, attempts, status FROM {cells} ORDER BY cell_id")
            .Rows.Select(r => ((string)r[0]!, (string)r[1]!, Convert.ToInt64(r[2]), (string)r[3]!)).ToList();

    /// <summary>SQL over every stored cell row of the sweep (merged file and parts), <c>{cells}</c> standing for them.</summary>
    public QueryResult RawCells(string sweep, string sql)
    {
        var folder = Path.Combine(Folder, "results", sweep);
        using var store = new ResultsStore(folder);
        var files = Directory.EnumerateFiles(folder, "cells*.parquet", SearchOption.AllDirectories).Select(f => $"'{f}'").ToList();
        Assert.NotEmpty(files);
        return store.Query(sql.Replace("{cells}", $"read_parquet([{string.Join(", ", files)}], union_by_name = true)", StringComparison.Ordinal));
    }

    /// <summary>Cell id → how many times the coordinators wrote its rows, from their logs.</summary>
    public Dictionary<string, int> Writes(string sweep, params HdcProcess[] coordinators) =>
        coordinators.SelectMany(c => WrittenLine().Matches(c.Output))
            .Where(m => m.Groups["sweep"].Value == sweep)
            .GroupBy(m => m.Groups["cell"].Value)
            .ToDictionary(g => g.Key, g => g.Count());

    public string Outputs()
    {
        var text = new StringBuilder();
        foreach (var p in processes)
        {
            text.AppendLine($"---- hdc {p.Command} (pid {p.Id}{(p.HasExited ? ", exited" : "")})").AppendLine(p.Output);
        }

        return text.ToString();
    }

    public void Dispose()
    {
        try
        {
            foreach (var p in processes.Where(p => !p.HasExited))
            {
                p.Kill();
            }

            log.WriteLine(Outputs());
            foreach (var p in processes)
            {
                p.Dispose();
            }

            // No log line of any process may show the password.
            Assert.All(processes, p => Assert.DoesNotContain(Password, p.Output, StringComparison.Ordinal));
        }
        finally
        {
            client.Dispose();
            Redis.Dispose();
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    // The line that follows a write ("is written (completed)"), not the warning that a written cell's acknowledgement
    // waits for Redis ("is written, but Redis did not take ..."), which is the same write.
    [GeneratedRegex(@"Cell (?<cell>[0-9a-f]+) of (?<sweep>\S+) is written \(")]
    private static partial Regex WrittenLine();
}
