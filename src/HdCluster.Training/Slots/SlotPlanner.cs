using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using HdCluster.Experiments;

namespace HdCluster.Training.Slots;

/// <summary>
/// Chooses slots x threads for a device's cells from a measurement, not a guess. Whether a second thread helps
/// depends on the model: a small model's step is too short to split (threads mostly wait for each other, so
/// more slots of one thread train more cells per second), while the big MLP's matrix products split well.
/// A short calibration times the cell's own step (model, optimizer, batch) for each way of sharing the cores,
/// all slots running at once, so their contention for caches and memory is in the numbers; the result is kept
/// per model shape for the life of the process.
/// </summary>
public static partial class SlotPlanner
{
    /// <summary>A plan with more slots is kept unless one with fewer does this much better: more slots also
    /// overlap what the step timing does not see (evaluation, data preparation, a straggling cell).</summary>
    public const double FewerSlotsMargin = 0.05;

    private static readonly ConcurrentDictionary<string, SlotPlan> Plans = new(StringComparer.Ordinal);

    /// <summary>The ways to share <paramref name="cores"/>: 1, 2, 4, ... threads per slot (and all cores in one slot),
    /// as many slots as fit, most slots first.</summary>
    public static IReadOnlyList<(int Slots, int ThreadsPerSlot)> Candidates(int cores)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cores, 1);
        var threads = new SortedSet<int> { cores };
        for (var t = 1; t < cores; t *= 2)
        {
            threads.Add(t);
        }

        return [.. threads.Select(t => (cores / t, t))];
    }

    /// <summary>The plan for cells like <paramref name="representative"/> on <paramref name="cores"/> CPU cores,
    /// measured once per model shape (<see cref="ShapeKey"/>) and then remembered: for the life of the process, and in
    /// <paramref name="cache"/> when given, so that a rerun on the same CPU does not measure again.</summary>
    /// <param name="dataRoot">Where the cell's data set is: the calibration steps on real batches.</param>
    /// <param name="warn">Told when the cache file is ignored or cannot be written; planning goes on either way.</param>
    public static SlotPlan Plan(CellConfig representative, int cores, string dataRoot, SlotPlanCache? cache = null, Action<string>? warn = null)
    {
        ArgumentNullException.ThrowIfNull(representative);
        ArgumentOutOfRangeException.ThrowIfLessThan(cores, 1);
        if (representative.ResolvedDevice.Type != Torch.DeviceType.CPU)
        {
            return new SlotPlan(1, cores, "on a GPU one cell per device; the CPU threads only feed it");
        }

        if (cores == 1)
        {
            return new SlotPlan(1, 1, "one core");
        }

        return Plans.GetOrAdd(ShapeKey(representative, cores), key =>
        {
            var kept = cache?.Find(key);
            if (cache?.Problem is { } problem)
            {
                warn?.Invoke(problem);
            }

            if (kept is not null && kept.Slots * kept.ThreadsPerSlot <= cores)
            {
                return kept with { Reason = $"{kept.Reason} (measured before on this CPU, kept in {cache!.Path})" };
            }

            var clock = Stopwatch.StartNew();
            var plan = Decide([.. Candidates(cores).Select(c => SlotCalibration.Measure(representative, dataRoot, c.Slots, c.ThreadsPerSlot))], cores);
            plan = plan with { Reason = string.Create(CultureInfo.InvariantCulture, $"{plan.Reason} (calibrated in {clock.Elapsed.TotalSeconds:F1} s)") };
            if (cache?.Keep(key, plan) is { } unwritten)
            {
                warn?.Invoke(unwritten);
            }

            return plan;
        });
    }

    /// <summary>The fastest way to share the cores among <paramref name="trials"/> (training steps per second of all
    /// slots together), preferring more slots within <see cref="FewerSlotsMargin"/>.</summary>
    /// <exception cref="ArgumentException">No trial, or a trial that would use more threads than cores.</exception>
    public static SlotPlan Decide(IReadOnlyList<SlotTrial> trials, int cores)
    {
        ArgumentNullException.ThrowIfNull(trials);
        if (trials.Count == 0)
        {
            throw new ArgumentException("no measurement to decide from", nameof(trials));
        }

        if (trials.FirstOrDefault(t => t.Slots < 1 || t.ThreadsPerSlot < 1 || t.Slots * t.ThreadsPerSlot > cores) is { } wrong)
        {
            throw new ArgumentException($"{wrong.Slots} slot(s) x {wrong.ThreadsPerSlot} thread(s) does not fit {cores} cores", nameof(trials));
        }

        var best = trials.OrderByDescending(t => t.Slots).First();
        foreach (var trial in trials.OrderByDescending(t => t.Slots).Skip(1))
        {
            if (trial.StepsPerSecond > best.StepsPerSecond * (1 + FewerSlotsMargin))
            {
                best = trial;
            }
        }

        var measured = string.Join(", ", trials.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Slots}x{t.ThreadsPerSlot}: {t.StepsPerSecond:F1} steps/s")));
        return new SlotPlan(best.Slots, best.ThreadsPerSlot, $"measured {measured}");
    }

    /// <summary>What decides a step's cost: the model and its widths, data set, batch, element type, the
    /// optimizer's structure (a tower of three costs more than plain SGD; its rates do not matter), and the cores.</summary>
    public static string ShapeKey(CellConfig cell, int cores)
    {
        ArgumentNullException.ThrowIfNull(cell);
        var widths = cell.Hidden is null ? "default" : string.Join("-", cell.Hidden);
        var optimizer = Number().Replace(cell.Optimizer.Replace(" ", "", StringComparison.Ordinal), "#");
        return string.Create(CultureInfo.InvariantCulture, $"{cell.Model}|{widths}|{cell.ResolvedDataset}|{cell.BatchSize}|{cell.Dtype}|{optimizer}|{cores}");
    }

    [GeneratedRegex(@"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")]
    private static partial Regex Number();
}
