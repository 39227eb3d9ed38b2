using System.Diagnostics;
using System.Globalization;
using HdCluster.Experiments;
using HdCluster.Results;
using HdCluster.Sweeps;

namespace HdCluster.Benchmarks.Sweeps;

/// <summary>
/// <c>hdc run</c> of a sweep of 100,000 tiny cells, up to its first cell: (1) in this process, fusion planning of
/// every cell as the runner does it now (by position, the cells computed as they are read) and as it did before (the
/// cells materialised first), with the peak managed heap of each; (2) the CLI itself as a child process (the build in
/// build/cli), started fresh and resumed with all but 1,000 cells already in the results folder, timing the start to
/// the first finished cell with the child's peak resident memory. That peak includes garbage not yet collected: .NET
/// sizes its youngest generation from the CPU's cache, which on a large-cache server is hundreds of MiB
/// (DOTNET_GCgen0size caps it), so the planning table's "kept" column is the one that shows what a run holds.
/// </summary>
internal static class SweepRunBenchmark
{
    public const int Cells = 100_000;

    private const int LeftToRun = 1_000;

    public static void Run()
    {
        var work = Directory.CreateTempSubdirectory("hdc-bench-sweeps-");
        try
        {
            var file = Path.Combine(work.FullName, "run100k.yaml");
            File.WriteAllText(file, Yaml());
            var sweep = SweepFile.Load(file);
            Planning(sweep);
            Process(sweep, file, work.FullName);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static void Planning(Sweep sweep)
    {
        Console.WriteLine();
        Console.WriteLine($"Fusion planning of the {sweep.Cells.Count:N0} waiting cells of a run (logreg, 4 optimizers x 10 rates x 2,500 seeds, fuse auto: groups of 64)");
        Console.WriteLine($"{"planning",-34} {"seconds",8} {"CPU s",7} {"peak MiB",9} {"kept MiB",9} {"groups",7}");
        var positions = Enumerable.Range(0, sweep.Cells.Count).ToArray();
        Print("cells materialised (before)", Heap.Measure(() => SweepFusion.Plan(sweep, sweep.Cells.ToList())));
        Print("by position, streamed (after)", Heap.Measure(() => SweepFusion.Plan(sweep, positions)));

        static void Print(string how, (SweepFusionPlan Plan, double Seconds, double CpuSeconds, long PeakBytes, long KeptBytes) m) =>
            Console.WriteLine($"{how,-34} {m.Seconds,8:F2} {m.CpuSeconds,7:F2} {m.PeakBytes / 1048576.0,9:F0} {m.KeptBytes / 1048576.0,9:F1} {m.Plan.Groups.Count,7:N0}");
    }

    private static void Process(Sweep sweep, string file, string work)
    {
        Console.WriteLine();
        // HDC_BENCH_CLI names another build (e.g. one made before a change) to compare with.
        var cli = Path.GetFullPath(Environment.GetEnvironmentVariable("HDC_BENCH_CLI") is { Length: > 0 } other ? other : Path.Combine(AppContext.BaseDirectory, "..", "cli", "hdc.dll"));
        if (!File.Exists(cli))
        {
            Console.WriteLine($"hdc run as a process: skipped, {cli} is not built (./hdc build)");
            return;
        }

        Console.WriteLine($"hdc run {Path.GetFileName(file)} --slots 2 as a process ({cli}): from start to the sweep accepted and to the first cell finished");
        Console.WriteLine($"{"run",-34} {"accepted s",10} {"first cell s",12} {"CPU s",7} {"peak RSS MiB",12}");
        var results = Path.Combine(work, "results");
        Print("fresh, nothing done", CliRun.UntilFirstCell(cli, file, results));

        var clock = Stopwatch.StartNew();
        var written = Completed(sweep, Path.Combine(results, sweep.Name), sweep.Cells.Count - LeftToRun);
        Print($"resume, {written:N0} done", CliRun.UntilFirstCell(cli, file, results));
        Console.WriteLine($"(the {written:N0} completed rows were written with the results store in {clock.Elapsed.TotalSeconds:F1} s)");

        static void Print(string how, CliRun.Outcome o) =>
            Console.WriteLine($"{how,-34} {o.AcceptedSeconds,10:F2} {o.FirstCellSeconds,12:F2} {o.CpuSeconds,7:F2} {o.PeakRssBytes / 1048576.0,12:F0}");
    }

    // Completed rows for the first `count` cells (replacing what the fresh run wrote), as the aggregator writes them,
    // in a few large appends, then compacted as a finished run leaves them.
    private static int Completed(Sweep sweep, string folder, int count)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        using var store = new ResultsStore(folder);
        var result = new CellResult(CellStatus.Completed, 1, 0, 2.0, 2.1, 0.2, [], [], 0.01);
        ResultTable? batch = null;
        var i = 0;
        foreach (var cell in sweep.Cells.Take(count))
        {
            var row = ResultRows.Cell(new CellRow(sweep.Name, cell.Id, cell.Config, cell.Variables, "1-bench", 1, CellStatus.Completed, result, "cpu", "worker-cpu-0"));
            batch ??= new ResultTable(row.Columns);
            batch.AddRow([.. row.Rows.Single()]);
            if (++i % 20_000 == 0 || i == count)
            {
                store.AppendCells(batch);
                batch = null;
            }
        }

        store.Compact();
        return i;
    }

    private static string Yaml() => $$"""
        name: run100k
        fixed: {model: logreg, steps: 1, batch_size: 16, train_limit: 32, valid_limit: 32, dtype: float32}
        grid:
          optimizer: ["sgd(lr={a})", "sgd_hd(lr={a}, beta=1e-3)", "adam(lr={a})", "adam_hd(lr={a}, beta=1e-7)"]
          a: [0.1, 0.05, 0.02, 0.01, 0.005, 0.002, 0.001, 0.0005, 0.0002, 0.0001]
          seed: [{{string.Join(", ", Enumerable.Range(1, Cells / 40))}}]
        fuse: auto
        """;
}
