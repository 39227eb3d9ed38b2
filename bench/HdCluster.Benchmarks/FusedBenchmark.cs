using System.Diagnostics;
using System.Globalization;
using HdCluster.Data;
using HdCluster.Experiments;
using HdCluster.Models;
using HdCluster.Torch;
using HdCluster.Training;
using HdCluster.Training.Fused;

namespace HdCluster.Benchmarks;

/// <summary>
/// Cells per hour, fused against one cell at a time, for three of the papers' grids, on real MNIST through the real
/// trainers (<see cref="CellTrainer"/> per cell, <see cref="FusedCellTrainer"/> per planned group). Each run trains a
/// fixed number of steps; a timing sink splits it into setup (data, model), one validation pass, and the steady
/// step time, which extrapolate to the grid's full budget: setup + (epochs + 1) validations + all steps. In the
/// same rounds it times the bare matrix products of a step (<see cref="GemmFloor"/>), alone and for each planned
/// group: their time per cell is a floor under any fused step, so alone step / floor is the most fusion could gain
/// on this machine, printed beside what it gains.
/// </summary>
internal static class FusedBenchmark
{
    private static readonly string[] BaydinMethods =
    [
        "sgd(lr={0}, wd=1e-4)",
        "sgd_hd(lr={0}, beta=1e-3, wd=1e-4)",
        "sgdn(lr={0}, mu=0.9, wd=1e-4)",
        "sgdn_hd(lr={0}, beta=1e-3, mu=0.9, wd=1e-4)",
        "adam(lr={0}, wd=1e-4)",
        "adam_hd(lr={0}, beta=1e-7, wd=1e-4)",
    ];

    private static readonly double[] BaydinAlphas = [1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6];

    private const int Rounds = 3;

    private static readonly double[] ChandraAlphas = [1, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5];

    private sealed record Grid(string Name, IReadOnlyList<CellConfig> Cells, int Steps, bool MergeMethods = true, int AloneSample = int.MaxValue);

    public static int Run(int steps, int threads, string? only)
    {
        torch.set_num_threads(threads);
        var blasThreads = BlasThreads.Set(threads);

        // The heap policy a fused trainer sets for its process, set before anything runs, so the cells alone train
        // under it too and the ratios compare the trainers, not the allocator.
        var heap = NativeHeap.RetainFreedMemory();
        var dataRoot = new DataRootResolver().Resolve(null, null).Path;
        var grids = new List<Grid>
        {
            new("Baydin logreg online, 6 methods x 6 alpha_0", Baydin("logreg", epochs: 10), steps),
            new("  the same, one group per method", Baydin("logreg", epochs: 10), steps, MergeMethods: false),
            new("Chandra MLP 784-128-10, SGD towers h1-5 x 6 alpha_0", ChandraTowers(), steps),
            new("Baydin MLP 784-1000-1000-10, 6 methods x 6 alpha_0", Baydin("mlp", epochs: 100), Math.Max(4, steps / 4), AloneSample: 6),
        };

        var before = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg") : null;
        Console.WriteLine($"Cells per hour, fused vs one cell at a time; MNIST, float32, {threads} thread(s) (OpenBLAS: {blasThreads?.ToString(CultureInfo.InvariantCulture) ?? "not found"}; freed heap memory {(heap ? "kept" : "returned to the kernel")}); {steps} timed steps per run (a quarter for the 784-1000-1000-10 MLP), best of {Rounds} alternating rounds, extrapolated to each grid's budget");
        Console.WriteLine();
        Console.WriteLine("| grid | cells | groups | alone: step ms per cell | fused: step ms per group | fused: step ms per cell | alone cells/h | fused cells/h | ratio | step ratio | floor: ms per cell-step (GEMMs only) | ceiling ratio |");
        Console.WriteLine("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var splits = new List<string>();
        foreach (var grid in grids.Where(g => only is null || g.Name.Contains(only, StringComparison.OrdinalIgnoreCase)))
        {
            splits.Add(Measure(grid, dataRoot));
        }

        Console.WriteLine();
        Console.WriteLine("Where a step's time goes: the matrix products (GEMMs) of the step, timed bare, against the whole step");
        Console.WriteLine();
        Console.WriteLine("| grid | alone: step ms | alone: GEMMs ms | alone: GEMM share | alone: rest ms | fused: step ms per cell | fused: GEMMs ms per cell | fused: GEMM share | fused: rest ms per cell |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        splits.ForEach(Console.WriteLine);

        Console.WriteLine();
        Console.WriteLine($"load average before and after: {LoadAverage(before)} / {LoadAverage(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg") : null)}");
        Console.WriteLine("A run's time = setup + (epochs + 1) validation passes + epochs x steps-per-epoch steps, each part measured on a short run of the real trainer.");
        Console.WriteLine("step ratio = alone step ms / fused step ms per cell. floor = the matrix products of one fused step of each planned group, timed bare in the same rounds (forward, weight gradients, input gradients of hidden layers, in the shapes and layouts FusedMlp and autograd give them; no autograd, loss, optimizer, data or checks), per cell; ceiling ratio = alone step ms / floor, the speed-up fusion would reach if it removed every cost but those products.");
        Console.WriteLine("Targets on CPU: >= 10x for the logreg grid, >= 3x for the 784-128-10 grid; the 784-1000-1000-10 grid is reported as measured.");
        return 0;
    }

    // The machine's load (other processes compete for the two cores), so a reader can judge the timings.
    private static string LoadAverage(string? proc) => proc is null ? "unknown" : string.Join(" ", proc.Split(' ').Take(3));

    private static List<CellConfig> Baydin(string model, int epochs) =>
        BaydinMethods.SelectMany(m => BaydinAlphas.Select(a => new CellConfig
        {
            Model = model,
            Optimizer = string.Format(CultureInfo.InvariantCulture, m, a),
            Epochs = epochs,
            BatchSize = 128,
            Seed = 1,
            RecordEvery = 10,
        })).ToList();

    private static List<CellConfig> ChandraTowers()
    {
        var cells = new List<CellConfig>();
        for (var height = 1; height <= 5; height++)
        {
            foreach (var alpha in ChandraAlphas)
            {
                var levels = new[] { string.Create(CultureInfo.InvariantCulture, $"sgd({alpha})") }.Concat(Enumerable.Repeat("sgd(auto)", height - 1));
                cells.Add(new CellConfig
                {
                    Model = "mlp_tanh",
                    Optimizer = string.Join(" / ", levels) + (height == 1 ? " / none" : ""),
                    Epochs = 30,
                    BatchSize = 256,
                    Seed = 1,
                    RecordEvery = 10,
                });
            }
        }

        return cells;
    }

    // Prints the grid's row and returns its row of the step split.
    private static string Measure(Grid grid, string dataRoot)
    {
        // Step records are the timestamps, so a short run records often enough to time (for the grids with short
        // steps that is their own stride of 10).
        var budgeted = grid.Cells.Select(c => c with { Steps = grid.Steps, RecordEvery = Math.Min(c.RecordEvery, Math.Max(1, grid.Steps / 6)) }).ToList();

        // One cell at a time (a sample of cells where the grid is large: every method's cells cost the same per step)
        // and fused as the planner groups the grid, alternating in rounds and keeping each run's best parts, so a
        // burst of load from another process costs a round, not a result.
        var sample = budgeted.Count <= grid.AloneSample ? budgeted : budgeted.Where((_, i) => i % (budgeted.Count / grid.AloneSample) == 0).ToList();
        var plan = new FusionPlanner { MergeMethods = grid.MergeMethods }.Plan(budgeted);
        RunTiming[]? alone = null;
        RunTiming[]? fused = null;

        // The bare products of one step alone and of one fused step per distinct group shape, timed in the same rounds.
        var widths = Widths(grid.Cells[0]);
        var batch = grid.Cells[0].BatchSize;
        using var aloneFloor = GemmFloor.Alone(widths, batch);
        var groupShapes = plan.Groups.Select(g => (g.Count, Shared: g.Configs.All(c => c.Seed == g.Configs[0].Seed))).ToList();
        var groupFloors = groupShapes.Distinct().ToDictionary(s => s, s => GemmFloor.Fused(widths, batch, s.Count, s.Shared));
        var aloneFloorMs = double.MaxValue;
        var groupFloorMs = groupFloors.Keys.ToDictionary(s => s, _ => double.MaxValue);
        for (var round = 0; round < Rounds; round++)
        {
            var aloneRound = sample.Select(cell =>
            {
                var sink = new TimingSink();
                new CellTrainer(cell, dataRoot, sink).Run();
                return sink.Timing();
            }).ToArray();
            var fusedRound = plan.Groups.Select(group =>
            {
                var sinks = group.Configs.Select(_ => new TimingSink()).ToArray();
                new FusedCellTrainer(group.Configs, dataRoot, sinks).Run();
                return sinks[0].Timing();
            }).ToArray();
            alone = alone is null ? aloneRound : alone.Zip(aloneRound, RunTiming.Best).ToArray();
            fused = fused is null ? fusedRound : fused.Zip(fusedRound, RunTiming.Best).ToArray();
            aloneFloorMs = Math.Min(aloneFloorMs, aloneFloor.MeanMilliseconds(grid.Steps));
            foreach (var (shape, floor) in groupFloors)
            {
                groupFloorMs[shape] = Math.Min(groupFloorMs[shape], floor.MeanMilliseconds(grid.Steps));
            }
        }

        foreach (var floor in groupFloors.Values)
        {
            floor.Dispose();
        }

        var aloneTimes = alone!;
        var fusedTimes = fused!;
        var aloneSeconds = aloneTimes.Select(t => t.FullRun(grid.Cells[0])).Average();
        var fusedSeconds = fusedTimes.Sum(t => t.FullRun(grid.Cells[0])) + (plan.Alone.Count * aloneSeconds);

        var aloneCellsPerHour = 3600 / aloneSeconds;
        var fusedCellsPerHour = grid.Cells.Count * 3600 / fusedSeconds;
        var groups = string.Join("+", plan.Groups.Select(g => g.Count)) + (plan.Alone.Count > 0 ? $" (+{plan.Alone.Count} alone)" : "");
        var aloneStep = aloneTimes.Average(t => t.StepSeconds) * 1000;
        var fusedStep = string.Join(", ", fusedTimes.Select(t => (t.StepSeconds * 1000).ToString("F1", CultureInfo.InvariantCulture)));
        // Per cell-step over the whole grid: the groups' step times summed over their cells (what cells per hour sees).
        var fusedCells = plan.Groups.Sum(g => g.Count);
        var fusedStepPerCell = fusedTimes.Sum(t => t.StepSeconds * 1000) / fusedCells;
        var floorPerCell = groupShapes.Sum(s => groupFloorMs[s]) / fusedCells;
        Console.WriteLine($"| {grid.Name} | {grid.Cells.Count} | {groups} | {aloneStep:F2} | {fusedStep} | {fusedStepPerCell:F3} | {aloneCellsPerHour:F0} | {fusedCellsPerHour:F0} | {fusedCellsPerHour / aloneCellsPerHour:F1}x | {aloneStep / fusedStepPerCell:F1}x | {floorPerCell:F3} | {aloneStep / floorPerCell:F1}x |");
        return $"| {grid.Name} | {aloneStep:F3} | {aloneFloorMs:F3} | {100 * aloneFloorMs / aloneStep:F0}% | {aloneStep - aloneFloorMs:F3} | {fusedStepPerCell:F3} | {floorPerCell:F3} | {100 * floorPerCell / fusedStepPerCell:F0}% | {fusedStepPerCell - floorPerCell:F3} |";
    }

    // The layer widths of the grid's MLP, inputs first.
    private static long[] Widths(CellConfig cell)
    {
        using var generator = new Generator(cell.Seed);
        using var model = (Mlp)ModelFactory.Create(cell, generator);
        return [model.Inputs, .. model.Layers.Select(l => l.Weight.Value.size(0))];
    }

    /// <summary>What a short run tells: its setup, one validation pass and the steady step time.</summary>
    private sealed record RunTiming(double SetupSeconds, double ValidationSeconds, double StepSeconds)
    {
        public static RunTiming Best(RunTiming a, RunTiming b) =>
            new(Math.Min(a.SetupSeconds, b.SetupSeconds), Math.Min(a.ValidationSeconds, b.ValidationSeconds), Math.Min(a.StepSeconds, b.StepSeconds));

        public double FullRun(CellConfig cell)
        {
            var stepsPerEpoch = (60000 + cell.BatchSize - 1) / cell.BatchSize;
            var epochs = cell.Epochs!.Value;
            return SetupSeconds + ((epochs + 1) * ValidationSeconds) + ((double)epochs * stepsPerEpoch * StepSeconds);
        }
    }

    /// <summary>Timestamps a trainer's reports: start (data and model ready), epoch 0 (one validation pass done), and
    /// every step record.</summary>
    private sealed class TimingSink : IRecordSink
    {
        private readonly Stopwatch clock = Stopwatch.StartNew();
        private readonly List<(long Step, double Seconds)> steps = [];
        private double started;
        private double validated;

        public void OnStart(CellConfig config, IReadOnlyList<string> hyperparameterNames, (long Step, int Epoch)? resumedAt) => started = clock.Elapsed.TotalSeconds;

        public void OnStep(StepRecord record) => steps.Add((record.Step, clock.Elapsed.TotalSeconds));

        public void OnEpoch(EpochRecord record)
        {
            if (record.Epoch == 0)
            {
                validated = clock.Elapsed.TotalSeconds;
            }
        }

        public void OnCompleted(CellResult result)
        {
        }

        // The first step record is skipped as warm-up; the mean over the rest is the step time. Not a median: a cell
        // whose numbers turn denormal (a saturated tanh or softmax) really does step slower for a while, alone and in
        // its group alike, and a median would hide that from the cell alone but not from its group.
        public RunTiming Timing()
        {
            if (steps.Count < 3)
            {
                throw new InvalidOperationException($"a timed run needs at least 3 step records, got {steps.Count}");
            }

            var (first, last) = (steps[1], steps[^1]);
            return new RunTiming(started, validated - started, (last.Seconds - first.Seconds) / (last.Step - first.Step));
        }
    }
}
