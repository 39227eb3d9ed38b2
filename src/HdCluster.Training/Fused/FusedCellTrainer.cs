using System.Diagnostics;
using HdCluster.Data;
using HdCluster.Experiments;
using HdCluster.Models;
using HdCluster.Torch;
using HdCluster.Training.Datasets;

namespace HdCluster.Training.Fused;

/// <summary>
/// Runs a fused group: K compatible cells (see <see cref="FusionPlanner"/>) as one batched model, each cell
/// reporting to its own sink exactly the records <see cref="CellTrainer"/> would report for it alone: epoch 0
/// (first-batch loss and validation of the untrained model), a step record every <c>record_every</c> steps,
/// an epoch record with validation at every epoch boundary, and its result. Cells with the same seed share their
/// batches (one gather, one wide matrix product); cells with different seeds each gather their own. A cell that
/// diverges ends as <see cref="CellStatus.Diverged"/> at its own step and is frozen; the rest train on unaffected.
/// Wall-clock numbers (wall seconds, examples per second) are the group's. Checkpoints are not written: a group
/// that is interrupted runs again from the start.
/// </summary>
public sealed class FusedCellTrainer
{
    private const int EvaluationBatch = 1000;
    private readonly CellConfig[] configs;
    private readonly string dataRoot;
    private readonly IRecordSink[] sinks;

    public FusedCellTrainer(IReadOnlyList<CellConfig> cells, string dataRoot, IReadOnlyList<IRecordSink> sinks, int maxGroupSize = int.MaxValue)
    {
        if (sinks.Count != cells.Count)
        {
            throw new ArgumentException($"{cells.Count} cells but {sinks.Count} sinks: each cell reports to its own", nameof(sinks));
        }

        new FusionPlanner { MaxGroupSize = maxGroupSize }.CheckOneGroup(cells);
        configs = cells.ToArray();
        this.dataRoot = dataRoot;
        this.sinks = sinks.ToArray();
    }

    public int Cells => configs.Length;

    public IReadOnlyList<CellResult> Run(CancellationToken cancellation = default)
    {
        var first = configs[0];
        var cells = configs.Length;
        NativeHeap.RetainFreedMemory();
        using var data = TaskData.Load(first, dataRoot);
        using var model = BuildModel();
        using var optimizer = FusedOptimizerFactory.Create(configs.Select(c => c.ResolvedOptimizer).ToList(), model.parameters());
        var names = optimizer.HyperparameterNames;
        var shared = configs.All(c => c.Seed == first.Seed);

        var stepsPerEpoch = (data.TrainCount + first.BatchSize - 1) / first.BatchSize;
        var maxSteps = Math.Min(first.Steps ?? long.MaxValue, first.Epochs is { } e ? (long)e * stepsPerEpoch : long.MaxValue);
        var clock = Stopwatch.StartNew();
        var epoch = 0;
        long step = 0;
        var results = new CellResult?[cells];
        for (var k = 0; k < cells; k++)
        {
            sinks[k].OnStart(configs[k], names, null);
        }

        var last = Evaluate(0, 0, FirstBatchLosses(model, data, shared), model, data, optimizer, 0, 0, results);
        var orders = Enumerable.Range(0, shared ? 1 : cells).Select(_ => new int[data.TrainCount]).ToArray();
        var indices = new int[cells * first.BatchSize];
        while (step < maxSteps && results.Any(r => r is null))
        {
            epoch++;
            for (var k = 0; k < orders.Length; k++)
            {
                EpochPermutation.Fill((ulong)configs[k].Seed, epoch, orders[k]);
            }

            var lossSums = new double[cells];
            var batches = 0;
            var epochClock = Stopwatch.StartNew();
            for (var start = 0; start < data.TrainCount && step < maxSteps; start += first.BatchSize)
            {
                if (cancellation.IsCancellationRequested || (first.WallSeconds is { } wall && clock.Elapsed.TotalSeconds >= wall))
                {
                    return Finish(CellStatus.Cancelled, step, epoch - 1, last, optimizer, clock.Elapsed.TotalSeconds, results);
                }

                var length = Math.Min(first.BatchSize, data.TrainCount - start);
                optimizer.BeginStep();
                FusedStep report;
                using (torch.NewDisposeScope())
                {
                    var losses = Losses(model, data, orders, start, length, indices);
                    step++;
                    report = optimizer.Step(losses);
                }

                batches++;
                for (var k = 0; k < cells; k++)
                {
                    if (results[k] is not null)
                    {
                        continue;
                    }

                    if (report.DivergedQuantity[k] is { } quantity)
                    {
                        var l = last[k];
                        results[k] = new CellResult(CellStatus.Diverged, step, l.Epoch, l.TrainLoss, l.ValidLoss, l.ValidAccuracy, names, report.Hyperparameters[k], clock.Elapsed.TotalSeconds, quantity, step);
                        sinks[k].OnCompleted(results[k]!);
                        continue;
                    }

                    lossSums[k] += report.Losses[k];
                    if (step % configs[k].RecordEvery == 0)
                    {
                        sinks[k].OnStep(new StepRecord(step, epoch, report.Losses[k], report.Hyperparameters[k]));
                    }
                }

                if (optimizer.AllFrozen)
                {
                    break;
                }
            }

            if (optimizer.AllFrozen)
            {
                break;
            }

            var examples = (double)Math.Min(data.TrainCount, batches * first.BatchSize);
            var trainLosses = lossSums.Select(s => s / batches).ToArray();
            last = Evaluate(epoch, step, trainLosses, model, data, optimizer, clock.Elapsed.TotalSeconds, examples / epochClock.Elapsed.TotalSeconds, results, last);
        }

        return Finish(CellStatus.Completed, step, epoch, last, optimizer, clock.Elapsed.TotalSeconds, results);
    }

    // Each cell's model built exactly as CellTrainer builds it (same seed, same generator draws), then stacked.
    private FusedMlp BuildModel()
    {
        var models = new List<Mlp>();
        try
        {
            foreach (var config in configs)
            {
                using var generator = new Generator(config.Seed);
                models.Add((Mlp)ModelFactory.Create(config, generator));
            }

            return FusedMlp.Stack(models);
        }
        finally
        {
            foreach (var m in models)
            {
                m.Dispose();
            }
        }
    }

    // The cells' mean losses on their batches [start, start + length) of this epoch's orders, [K].
    private static Tensor Losses(FusedMlp model, TaskData data, int[][] orders, int start, int length, int[] indices)
    {
        if (orders.Length == 1)
        {
            var (x, y) = data.TrainBatch(orders[0].AsSpan(start, length), NoAugmentation);
            return model.losses(model.forwardShared(x), y);
        }

        for (var k = 0; k < orders.Length; k++)
        {
            orders[k].AsSpan(start, length).CopyTo(indices.AsSpan(k * length, length));
        }

        var (xs, ys) = data.TrainBatch(indices.AsSpan(0, orders.Length * length), NoAugmentation);
        return model.losses(model.forward(xs.reshape(orders.Length, length, -1)), ys.view(orders.Length, length));
    }

    // Fused data is never augmented (the planner admits MNIST only), so no cell draws from this.
    private static readonly SplitMix64 NoAugmentation = new(0);

    // Baydin's code logs the loss of the first training batch (in the loader's first order) as epoch 0.
    private double[] FirstBatchLosses(FusedMlp model, TaskData data, bool shared)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var orders = (shared ? configs.Take(1) : configs).Select(c => EpochPermutation.Create((ulong)c.Seed, 1, data.TrainCount)).ToArray();
        var length = Math.Min(configs[0].BatchSize, data.TrainCount);
        var losses = Losses(model, data, orders, 0, length, new int[orders.Length * length]);
        return losses.to(ScalarType.Float64).data<double>();
    }

    private EpochRecord[] Evaluate(int epoch, long step, double[] trainLosses, FusedMlp model, TaskData data, FusedOptimizer optimizer, double wall, double examplesPerSecond, CellResult?[] results, EpochRecord[]? previous = null)
    {
        var cells = configs.Length;
        var lossSums = new double[cells];
        var correct = new long[cells];
        long count = 0;
        using (torch.NewDisposeScope())
        using (torch.no_grad())
        {
            foreach (var (x, y) in data.ValidationBatches(EvaluationBatch))
            {
                using var inner = torch.NewDisposeScope();
                var output = model.forwardShared(x);
                var targets = y.flatten();
                var n = targets.size(0);
                var table = torch.stack([model.losses(output, targets).to(ScalarType.Float64), model.correct(output, targets).to(ScalarType.Float64)]).data<double>();
                for (var k = 0; k < cells; k++)
                {
                    lossSums[k] += table[k] * n;
                    correct[k] += (long)table[cells + k];
                }

                count += n;
            }
        }

        var hypers = optimizer.ReadHyperparameters();
        var records = new EpochRecord[cells];
        for (var k = 0; k < cells; k++)
        {
            if (results[k] is not null)
            {
                records[k] = previous![k];
                continue;
            }

            records[k] = new EpochRecord(epoch, step, trainLosses[k], lossSums[k] / count, (double)correct[k] / count, hypers[k], wall, examplesPerSecond);
            sinks[k].OnEpoch(records[k]);
        }

        return records;
    }

    // Every cell still training ends with this status; each sink learns its cell's outcome exactly once.
    private CellResult[] Finish(CellStatus status, long step, int epoch, EpochRecord[] last, FusedOptimizer optimizer, double wall, CellResult?[] results)
    {
        var hypers = optimizer.ReadHyperparameters();
        for (var k = 0; k < results.Length; k++)
        {
            if (results[k] is null)
            {
                var l = last[k];
                results[k] = new CellResult(status, step, epoch, l.TrainLoss, l.ValidLoss, l.ValidAccuracy, optimizer.HyperparameterNames, hypers[k], wall);
                sinks[k].OnCompleted(results[k]!);
            }
        }

        return results.Select(r => r!).ToArray();
    }
}
