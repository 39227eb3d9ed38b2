using System.Diagnostics;
using HdCluster.Data;
using HdCluster.Experiments;
using HdCluster.Torch;
using HdCluster.Training.Datasets;

namespace HdCluster.Training.Slots;

/// <summary>Times a cell's training step with the cores shared one way: all slots step at once on real batches,
/// after a warm-up, each with its own model and optimizer as in a sweep.</summary>
public static class SlotCalibration
{
    public const int WarmupSteps = 2;

    public const int TimedSteps = 8;

    /// <summary>Timing stops after this long even short of <see cref="TimedSteps"/> (at least two steps are timed), so
    /// that calibrating the big MLP costs about as little as calibrating logistic regression.</summary>
    public static readonly TimeSpan TimedBudget = TimeSpan.FromSeconds(0.25);

    /// <returns>Training steps per second of all slots together.</returns>
    /// <param name="timedSteps">At most this many timed steps per slot, fewer when <see cref="TimedBudget"/> runs out.</param>
    public static SlotTrial Measure(CellConfig cell, string dataRoot, int slots, int threadsPerSlot, int warmupSteps = WarmupSteps, int timedSteps = TimedSteps)
    {
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(threadsPerSlot, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(timedSteps, 1);
        var probe = cell with { TrainLimit = cell.BatchSize, ValidLimit = 1 };
        var previous = torch.get_num_threads();
        torch.set_num_threads(threadsPerSlot);
        try
        {
            using var data = TaskData.Load(probe, dataRoot);
            using var start = new Barrier(slots);
            var rates = new double[slots];
            var failures = new Exception?[slots];
            var runners = Enumerable.Range(0, slots).Select(i => new Thread(() =>
            {
                var started = false;
                try
                {
                    rates[i] = StepsPerSecond(probe, data, () => { start.SignalAndWait(); started = true; }, warmupSteps, timedSteps);
                }
                catch (Exception e) when (e is TorchException or ArgumentException or InvalidOperationException or OutOfMemoryException)
                {
                    // The others must not wait at the start line for a slot that will never reach it.
                    failures[i] = e;
                    if (!started)
                    {
                        start.RemoveParticipant();
                    }
                }
            })
            { IsBackground = true, Name = $"slot calibration {i}" }).ToList();
            runners.ForEach(r => r.Start());
            runners.ForEach(r => r.Join());
            if (failures.FirstOrDefault(f => f is not null) is { } failure)
            {
                throw new InvalidOperationException($"slot calibration of {cell.Model} failed: {failure.Message}", failure);
            }

            return new SlotTrial(slots, threadsPerSlot, rates.Sum());
        }
        finally
        {
            torch.set_num_threads(previous);
        }
    }

    private static double StepsPerSecond(CellConfig cell, TaskData data, Action startTogether, int warmupSteps, int timedSteps)
    {
        using var generator = new Generator(cell.Seed);
        using var dropout = new Generator(cell.Seed, cell.ResolvedDevice);
        using var model = ModelFactory.Create(cell, generator, (data as TextTaskData)?.VocabularySize ?? 0, dropout);
        using var optimizer = Optim.OptimizerFactory.Create(cell.ResolvedOptimizer, model.parameters());
        var batch = Enumerable.Range(0, Math.Min(cell.BatchSize, data.TrainCount)).ToArray();
        var augmentation = new SplitMix64((ulong)cell.Seed);
        void Step()
        {
            optimizer.BeginStep();
            using var scope = torch.NewDisposeScope();
            var (x, y) = data.TrainBatch(batch, augmentation);
            var loss = model.loss(model.forward(x), y);
            _ = loss.item();
            optimizer.Step(loss);
        }

        for (var i = 0; i < warmupSteps; i++)
        {
            Step();
        }

        // Every slot starts its timed steps together, so they contend for the cores as slots in a sweep do.
        startTogether();
        var clock = Stopwatch.StartNew();
        var steps = 0;
        while (steps < timedSteps && (steps < 2 || clock.Elapsed < TimedBudget))
        {
            Step();
            steps++;
        }

        return steps / clock.Elapsed.TotalSeconds;
    }
}
