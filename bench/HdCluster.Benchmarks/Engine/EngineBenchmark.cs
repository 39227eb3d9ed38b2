using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Akka.Hosting;
using HdCluster.Data;
using HdCluster.Engine.Local;
using HdCluster.Engine.Workers;
using HdCluster.Experiments;
using HdCluster.Sweeps;
using HdCluster.Torch;
using HdCluster.Training;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;

namespace HdCluster.Benchmarks.Engine;

/// <summary>
/// Per-cell orchestration overhead of the local engine: one sweep of many tiny cells (logistic regression, one step
/// each, so training is a few milliseconds and orchestration shows) through the engine, against training the same
/// cells directly with <see cref="CellTrainer"/> on as many threads as the engine has slots. Overhead per cell is
/// what a slot spends on a cell beyond training it: (engine wall - direct wall) x slots / cells. Engine start-up (the
/// actor system, coordinator, aggregator and slots) is timed on its own and not in the engine's wall. The last row
/// runs the same cells through a cluster of real processes on this machine (<see cref="ClusterThroughput"/>).
/// </summary>
internal static class EngineBenchmark
{
    private const int ClusterWorkers = 3;

    public static int Run(int cells, int slots, int rounds)
    {
        torch.set_num_threads(Math.Max(1, Environment.ProcessorCount / slots));
        var dataRoot = new DataRootResolver().Resolve(null, null).Path;
        var work = Path.Combine(Path.GetTempPath(), $"hdc-bench-engine-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        try
        {
            var file = Path.Combine(work, "tiny.yaml");
            File.WriteAllText(file, Yaml(cells));
            var sweep = SweepFile.Load(file);

            // Warm both paths (data loading, libtorch kernels, JIT) before timing either.
            Direct(sweep.Cells.Take(slots * 2).ToList(), dataRoot, slots);
            Engine(sweep, Path.Combine(work, "warmup"), dataRoot, slots);

            // Alternating rounds, best of each: on a shared machine the load moves between runs.
            var direct = TimeSpan.MaxValue;
            var engine = TimeSpan.MaxValue;
            var startup = TimeSpan.MaxValue;
            for (var round = 0; round < rounds; round++)
            {
                var d = Direct(sweep.Cells, dataRoot, slots);
                var (e, s) = Engine(sweep, Path.Combine(work, $"results-{round}"), dataRoot, slots);
                (direct, engine, startup) = (Min(direct, d), Min(engine, e), Min(startup, s));
            }

            // The cluster: the same cells under other sweep names (one per round), through real processes.
            var clusterSweeps = Enumerable.Range(0, rounds).Select(round =>
            {
                var path = Path.Combine(work, $"tiny-cluster-{round}.yaml");
                File.WriteAllText(path, Yaml(cells).Replace("name: tiny", $"name: tiny-cluster-{round}", StringComparison.Ordinal));
                return (path, $"tiny-cluster-{round}");
            }).ToList();
            var clusterRuns = ClusterThroughput.Run(clusterSweeps, work, dataRoot, ClusterWorkers);
            var cluster = clusterRuns.MinBy(r => r.Wall);

            var overhead = (engine - direct).TotalMilliseconds * slots / cells;
            var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Local engine overhead: {cells} logreg cells of one step, fuse off, {slots} slots, {torch.get_num_threads()} libtorch thread(s) per slot, best of {rounds} alternating rounds; load average {load}"));
            Console.WriteLine();
            Console.WriteLine("| path | wall s | ms per cell (wall) | cells/s |");
            Console.WriteLine("|---|---|---|---|");
            Row("trained directly (CellTrainer)", direct, cells);
            Row("through the engine (hdc run)", engine, cells);
            Row($"cluster: coordinator + {ClusterWorkers} worker processes x 1 slot x 1 thread, from hdc submit", cluster.Wall, cells);
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"orchestration overhead per cell and slot: {overhead:F1} ms (target < 10 ms); engine start-up: {startup.TotalMilliseconds:F0} ms"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cluster: {cells / cluster.Wall.TotalSeconds:F1} cells/s from the submit (target >= 20), of which hdc submit itself {cluster.Submit.TotalSeconds:F2} s; {cells / (cluster.Wall - cluster.Submit).TotalSeconds:F1} cells/s once submitted"));
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static void Row(string path, TimeSpan wall, int cells) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {path} | {wall.TotalSeconds:F2} | {wall.TotalMilliseconds / cells:F1} | {cells / wall.TotalSeconds:F1} |"));

    private static string Yaml(int cells) =>
        "name: tiny\nfuse: off\nfixed:\n  model: logreg\n  steps: 1\n  train_limit: 1000\n  valid_limit: 500\n  optimizer: \"sgd(0.01)\"\ngrid:\n  seed: ["
        + string.Join(", ", Enumerable.Range(1, cells)) + "]\n";

    // The cells shared out over `slots` threads, each training one cell after another, as slots would.
    private static TimeSpan Direct(IReadOnlyList<SweepCell> cells, string dataRoot, int slots)
    {
        var next = -1;
        var clock = Stopwatch.StartNew();
        var threads = Enumerable.Range(0, slots).Select(_ => new Thread(() =>
        {
            for (var i = Interlocked.Increment(ref next); i < cells.Count; i = Interlocked.Increment(ref next))
            {
                new CellTrainer(cells[i].Config, dataRoot, new NoRecords()).Run();
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return clock.Elapsed;
    }

    private static (TimeSpan Wall, TimeSpan Startup) Engine(Sweep sweep, string results, string dataRoot, int slots)
    {
        var options = new SweepRunOptions(results, dataRoot, ["cpu"], slots, MaxAttempts: 1);
        var clock = Stopwatch.StartNew();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddAkka("hdc-bench", akka => akka
            .ConfigureLoggers(loggers => loggers.LogLevel = Akka.Event.LogLevel.WarningLevel)
            .WithLocalSweepEngine(options, Serilog.Core.Logger.None));
        using var host = builder.Build();
        host.StartAsync().GetAwaiter().GetResult();
        var startup = clock.Elapsed;
        clock.Restart();
        var summary = LocalSweepRunner.RunAsync(host.Services.GetRequiredService<ActorSystem>(), host.Services.GetRequiredService<ActorRegistry>(), sweep, options, new Unobserved(), CancellationToken.None).GetAwaiter().GetResult();
        var wall = clock.Elapsed;
        host.StopAsync().GetAwaiter().GetResult();
        if (summary.Completed != summary.Total - summary.Skipped)
        {
            throw new InvalidOperationException($"the engine completed {summary.Completed} of {summary.Total} cells");
        }

        return (wall, startup);
    }

    private sealed class NoRecords : IRecordSink
    {
        public void OnStart(CellConfig config, IReadOnlyList<string> hyperparameterNames, (long Step, int Epoch)? resumedAt)
        {
        }

        public void OnStep(StepRecord record)
        {
        }

        public void OnEpoch(EpochRecord record)
        {
        }

        public void OnCompleted(CellResult result)
        {
        }
    }

    private sealed class Unobserved : ISweepObserver
    {
        public void SweepStarted(string sweep, int totalCells, int alreadyDone, IReadOnlyList<string> workers)
        {
        }

        public void CellStarted(string worker, string cellId, string description, int attempt)
        {
        }

        public void GroupStarted(string worker, string groupId, IReadOnlyList<string> cellIds, string description, int attempt)
        {
        }

        public void CellProgressed(CellProgressed progress)
        {
        }

        public void CellFinished(string worker, string cellId, string status, string? detail)
        {
        }
    }
}
