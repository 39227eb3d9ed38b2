using System.Diagnostics;
using HdCluster.Data;
using HdCluster.Experiments;
using HdCluster.Models;
using HdCluster.Optim;
using HdCluster.Torch;
using HdCluster.Training.Datasets;

namespace HdCluster.Training;

/// <summary>
/// Runs one cell: builds the model from the cell's seed, shuffles each epoch from the seed, trains within
/// the budget, evaluates at every epoch boundary (and before training, as epoch 0), reports records to a
/// sink, and checkpoints at epoch boundaries. A diverging run ends as <see cref="CellStatus.Diverged"/>;
/// the same config on the same device type gives the same numbers, bit for bit on CPU.
/// </summary>
public sealed class CellTrainer
{
    private const int EvaluationBatch = 1000;
    private readonly CellConfig config;
    private readonly string dataRoot;
    private readonly IRecordSink sink;
    private readonly string? checkpointPath;

    /// <param name="checkpointPath">Where to checkpoint at each epoch boundary and resume from, when given.</param>
    public CellTrainer(CellConfig config, string dataRoot, IRecordSink sink, string? checkpointPath = null)
    {
        var problems = config.Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"invalid cell: {string.Join("; ", problems)}", nameof(config));
        }

        this.config = config;
        this.dataRoot = dataRoot;
        this.sink = sink;
        this.checkpointPath = checkpointPath;
    }

    /// <summary>Stop after this many epochs even when the budget allows more (to simulate interruption in tests).</summary>
    public int? StopAfterEpoch { get; init; }

    public CellResult Run(CancellationToken cancellation = default)
    {
        using var data = TaskData.Load(config, dataRoot);
        using var generator = new Generator(config.Seed);
        using var dropout = new Generator(config.Seed, config.ResolvedDevice);
        using var model = ModelFactory.Create(config, generator, (data as TextTaskData)?.VocabularySize ?? 0, dropout);
        using var optimizer = OptimizerFactory.Create(config.ResolvedOptimizer, model.parameters());
        var names = optimizer.HyperparameterNames;

        var stepsPerEpoch = (data.TrainCount + config.BatchSize - 1) / config.BatchSize;
        var maxSteps = Math.Min(config.Steps ?? long.MaxValue, config.Epochs is { } e ? (long)e * stepsPerEpoch : long.MaxValue);
        var clock = Stopwatch.StartNew();
        var elapsedBefore = 0.0;
        var epoch = 0;
        long step = 0;
        var last = new EpochRecord(0, 0, double.NaN, double.NaN, double.NaN, optimizer.ReadHyperparameters(), 0, 0);

        if (checkpointPath != null && File.Exists(checkpointPath))
        {
            (epoch, step, elapsedBefore, last) = Checkpoints.Restore(checkpointPath, model, optimizer);
            sink.OnStart(config, names, (step, epoch));
        }
        else
        {
            sink.OnStart(config, names, null);
            last = Evaluate(0, 0, FirstBatchLoss(model, data), model, data, optimizer, 0, 0);
            sink.OnEpoch(last);
        }

        var order = new int[data.TrainCount];
        try
        {
            while (step < maxSteps)
            {
                epoch++;
                EpochPermutation.Fill((ulong)config.Seed, epoch, order);

                // Random streams restart from (seed, epoch) at every epoch, so a run resumed from an epoch
                // checkpoint draws exactly what the uninterrupted run drew.
                var augmentation = new SplitMix64(SplitMix64.Mix((ulong)config.Seed ^ ((ulong)epoch << 32) ^ 0xA5A5_5A5A_0F0F_F0F0UL));
                dropout.manual_seed((long)(SplitMix64.Mix((ulong)config.Seed ^ ((ulong)epoch << 32) ^ 0x0D0D_D0D0_3C3C_C3C3UL) >> 1));
                double lossSum = 0;
                var batches = 0;
                var epochClock = Stopwatch.StartNew();
                for (var start = 0; start < order.Length && step < maxSteps; start += config.BatchSize)
                {
                    if (cancellation.IsCancellationRequested || (config.WallSeconds is { } wall && elapsedBefore + clock.Elapsed.TotalSeconds >= wall))
                    {
                        return Finish(CellStatus.Cancelled, step, epoch - 1, last, optimizer, elapsedBefore + clock.Elapsed.TotalSeconds);
                    }

                    var batch = order.AsSpan(start, Math.Min(config.BatchSize, order.Length - start));
                    var endOfEpoch = start + batch.Length >= order.Length;
                    optimizer.CaptureNextUpdate = endOfEpoch && checkpointPath != null;
                    optimizer.BeginStep();
                    double loss;
                    using (torch.NewDisposeScope())
                    {
                        var (x, y) = data.TrainBatch(batch, augmentation);
                        var lossTensor = model.loss(model.forward(x), y);
                        loss = lossTensor.item();
                        step++;
                        optimizer.Step(lossTensor);
                    }

                    lossSum += loss;
                    batches++;
                    if (step % config.RecordEvery == 0)
                    {
                        sink.OnStep(new StepRecord(step, epoch, loss, optimizer.ReadHyperparameters()));
                    }
                }

                var examples = (double)Math.Min(order.Length, batches * config.BatchSize);
                last = Evaluate(epoch, step, lossSum / batches, model, data, optimizer, elapsedBefore + clock.Elapsed.TotalSeconds, examples / epochClock.Elapsed.TotalSeconds);
                sink.OnEpoch(last);
                if (checkpointPath != null && batches > 0 && step % stepsPerEpoch == 0)
                {
                    Checkpoints.Save(checkpointPath, model, optimizer, epoch, step, elapsedBefore + clock.Elapsed.TotalSeconds, last);
                }

                if (StopAfterEpoch is { } stop && epoch >= stop)
                {
                    return Finish(CellStatus.Cancelled, step, epoch, last, optimizer, elapsedBefore + clock.Elapsed.TotalSeconds);
                }
            }
        }
        catch (TrainingDivergedException diverged)
        {
            var result = new CellResult(CellStatus.Diverged, diverged.Step, last.Epoch, last.TrainLoss, last.ValidLoss, last.ValidAccuracy, names, SafeHypers(optimizer), elapsedBefore + clock.Elapsed.TotalSeconds, diverged.Quantity, diverged.Step);
            sink.OnCompleted(result);
            return result;
        }

        return Finish(CellStatus.Completed, step, epoch, last, optimizer, elapsedBefore + clock.Elapsed.TotalSeconds);
    }

    // Every way a run ends is reported, so a sink always learns the outcome and can release its files.
    private CellResult Finish(CellStatus status, long step, int epoch, EpochRecord last, Optimizer optimizer, double wall)
    {
        var result = new CellResult(status, step, epoch, last.TrainLoss, last.ValidLoss, last.ValidAccuracy, optimizer.HyperparameterNames, SafeHypers(optimizer), wall);
        sink.OnCompleted(result);
        return result;
    }

    private static double[] SafeHypers(Optimizer optimizer)
    {
        try
        {
            return optimizer.ReadHyperparameters();
        }
        catch (TorchException)
        {
            return optimizer.HyperparameterNames.Select(_ => double.NaN).ToArray();
        }
    }

    // Baydin's code logs the loss of the first training batch (in the loader's first order) as epoch 0.
    private double FirstBatchLoss(Model model, TaskData data)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        model.eval();
        var order = EpochPermutation.Create((ulong)config.Seed, 1, data.TrainCount);
        var (x, y) = data.TrainBatch(order.AsSpan(0, Math.Min(config.BatchSize, order.Length)), new SplitMix64(0));
        var loss = model.loss(model.forward(x), y).item();
        model.train();
        return loss;
    }

    private static EpochRecord Evaluate(int epoch, long step, double trainLoss, Model model, TaskData data, Optimizer optimizer, double wall, double examplesPerSecond)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        model.eval();
        double lossSum = 0;
        long correct = 0, count = 0;
        foreach (var (x, y) in data.ValidationBatches(EvaluationBatch))
        {
            using var inner = torch.NewDisposeScope();
            var output = model.forward(x);
            var targets = y.flatten();
            var n = targets.size(0);
            lossSum += model.loss(output, y).item() * n;
            correct += output.argmax(1).eq(targets).sum().itemLong();
            count += n;
        }

        model.train();
        return new EpochRecord(epoch, step, trainLoss, lossSum / count, (double)correct / count, optimizer.ReadHyperparameters(), wall, examplesPerSecond);
    }
}
