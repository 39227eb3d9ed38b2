using System.Globalization;
using HdCluster.Experiments;
using HdCluster.Sweeps;
using HdCluster.Torch;
using HdCluster.Training.Slots;

namespace HdCluster.Cli.Commands;

/// <summary>
/// How many cells <c>hdc run</c> trains at once per device and with how many libtorch threads each. <c>--slots N</c>
/// decides when given; a GPU gets one slot; on the CPU alone the slot planner measures the sweep's most common model
/// shape. The engine has one slot count per device, so a sweep mixing shapes is planned for the shape most of its
/// cells have: the plan suits most of the work, and the others still never oversubscribe the cores.
/// </summary>
internal static class RunSlots
{
    /// <param name="slots">The user's <c>--slots</c>, or null to choose.</param>
    /// <param name="cores">Cores this process may use.</param>
    /// <param name="warn">Told what went wrong on the way (a cache file ignored, a calibration that failed); the run goes on.</param>
    public static SlotPlan Choose(Sweep sweep, IReadOnlyList<string> devices, int? slots, int cores, string dataRoot, SlotPlanCache? cache, Action<string> warn)
    {
        var cpuDevices = Math.Max(1, devices.Count(d => d == "cpu"));
        var perCpuDevice = Math.Max(1, cores / cpuDevices);
        if (slots is { } chosen)
        {
            return new SlotPlan(chosen, ThreadsFor(devices, chosen, cores), $"--slots {chosen}");
        }

        if (devices.Any(d => d != "cpu"))
        {
            return new SlotPlan(1, ThreadsFor(devices, 1, cores), "one cell at a time per device when a GPU is used");
        }

        if (MostCommonShape(sweep, perCpuDevice) is not { } shape)
        {
            return new SlotPlan(1, perCpuDevice, "no cells to plan for");
        }

        try
        {
            var plan = SlotPlanner.Plan(shape.Cell, perCpuDevice, dataRoot, cache, warn);
            var planned = shape.Count == sweep.Cells.Count
                ? $"{Describe(shape.Cell)} cells"
                : string.Create(CultureInfo.InvariantCulture, $"the most common shape, {DescribeWithOptimizer(shape.Cell)} ({shape.Count} of {sweep.Cells.Count} cells)");
            return plan with { Reason = $"{plan.Reason}; planned for {planned}" };
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or TorchException or ArgumentException)
        {
            warn($"the slot plan could not be measured ({e.Message}); one slot of {perCpuDevice} thread(s)");
            return new SlotPlan(1, perCpuDevice, $"calibration failed: {e.Message}");
        }
    }

    /// <summary>"2 slots x 1 thread" or "1 slot x 2 threads".</summary>
    public static string Describe(SlotPlan plan) =>
        string.Create(CultureInfo.InvariantCulture, $"{plan.Slots} slot{(plan.Slots == 1 ? "" : "s")} x {plan.ThreadsPerSlot} thread{(plan.ThreadsPerSlot == 1 ? "" : "s")}");

    // Threads per CPU slot so that slots x threads never exceeds the cores, as the run always did for a given count.
    private static int ThreadsFor(IReadOnlyList<string> devices, int slots, int cores) =>
        Math.Max(1, cores / Math.Max(1, devices.Count(d => d == "cpu") * slots));

    private static string Describe(CellConfig cell) =>
        cell.ResolvedHidden is { Count: > 0 } hidden ? $"{cell.Model} {string.Join("-", hidden)}" : cell.Model;

    private static string DescribeWithOptimizer(CellConfig cell) => $"{Describe(cell)} with {cell.Optimizer}";

    // One pass over the cells' settings (not the cells: no ids are made), counting each shape the planner tells apart;
    // ties go to the shape met first.
    private static (CellConfig Cell, int Count)? MostCommonShape(Sweep sweep, int cores)
    {
        var counts = new Dictionary<string, (CellConfig First, int Count)>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var config in sweep.Cells is SweepCells lazy ? lazy.Configs() : sweep.Cells.Select(c => c.Config))
        {
            var cell = config with { Device = "cpu" };
            var key = SlotPlanner.ShapeKey(cell, cores);
            if (counts.TryGetValue(key, out var seen))
            {
                counts[key] = (seen.First, seen.Count + 1);
            }
            else
            {
                counts[key] = (cell, 1);
                order.Add(key);
            }
        }

        if (order.Count == 0)
        {
            return null;
        }

        var best = order.MaxBy(k => counts[k].Count)!;
        return (counts[best].First, counts[best].Count);
    }
}
