using System.Security.Cryptography;
using System.Text;
using HdCluster.Training.Fused;

namespace HdCluster.Sweeps;

/// <summary>Cells of a sweep that train as one fused group. <see cref="Id"/> is stable: it is made from the member cells'
/// ids, so the same cells form the same group in any run, and each cell's result rows can name it.</summary>
public sealed record SweepCellGroup(string Id, IReadOnlyList<SweepCell> Cells, string Structure);

/// <summary>A sweep cell that trains alone, and why.</summary>
public sealed record SweepCellAlone(SweepCell Cell, string Reason);

/// <summary>Which of a sweep's cells train together: every cell is in exactly one group or alone.</summary>
public sealed record SweepFusionPlan(IReadOnlyList<SweepCellGroup> Groups, IReadOnlyList<SweepCellAlone> Alone);

/// <summary>
/// Applies a sweep's <c>fuse:</c> setting with <see cref="FusionPlanner"/>: <c>off</c> trains every cell alone; a
/// number caps the group size; <c>auto</c> caps it at <see cref="DefaultMaxGroup"/> and, when the device's free
/// memory is known, at what fits in it (<see cref="FusionPlanner.MaxGroupFor"/>, per group's model).
/// </summary>
public static class SweepFusion
{
    public const int DefaultMaxGroup = 64;

    /// <param name="cells">The cells to plan (e.g. those not finished yet); by default all of the sweep's.</param>
    /// <param name="deviceMemoryBytes">Free memory of the device the groups will train on, for <c>auto</c>.</param>
    public static SweepFusionPlan Plan(Sweep sweep, IReadOnlyList<SweepCell>? cells = null, long? deviceMemoryBytes = null)
    {
        cells ??= sweep.Cells;
        if (sweep.Fuse.Mode == FuseMode.Off)
        {
            return new SweepFusionPlan([], cells.Select(c => new SweepCellAlone(c, "fuse: off")).ToList());
        }

        var max = sweep.Fuse.Mode == FuseMode.MaxGroup ? sweep.Fuse.MaxGroup!.Value : DefaultMaxGroup;
        var plan = new FusionPlanner { MaxGroupSize = max }.Plan(cells.Select(c => c.Config).ToList());
        var groups = new List<SweepCellGroup>();
        var alone = plan.Alone.Select(a => new SweepCellAlone(cells[a.Cell], a.Reason)).ToList();
        foreach (var group in plan.Groups)
        {
            var members = group.Cells.Select(i => cells[i]).ToList();
            var fits = sweep.Fuse.Mode == FuseMode.Auto && deviceMemoryBytes is { } memory ? FusionPlanner.MaxGroupFor(members[0].Config, memory) : members.Count;
            foreach (var part in Split(members, fits))
            {
                if (part.Count == 1)
                {
                    alone.Add(new SweepCellAlone(part[0], "the device's memory holds one cell of this model"));
                }
                else
                {
                    groups.Add(new SweepCellGroup(GroupId(part), part, group.Structure));
                }
            }
        }

        var order = cells.Select((c, i) => (c.Id, i)).ToDictionary(x => x.Id, x => x.i);
        return new SweepFusionPlan(groups, alone.OrderBy(a => order[a.Cell.Id]).ToList());
    }

    /// <summary>"g" and the first 16 hex digits of the SHA-256 of the member ids in order.</summary>
    public static string GroupId(IReadOnlyList<SweepCell> cells)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", cells.Select(c => c.Id))));
        return "g" + Convert.ToHexStringLower(hash)[..16];
    }

    // Even parts of at most `max` cells, in order.
    private static IEnumerable<List<SweepCell>> Split(List<SweepCell> cells, int max)
    {
        var parts = (cells.Count + max - 1) / max;
        var start = 0;
        for (var p = 0; p < parts; p++)
        {
            var size = (cells.Count / parts) + (p < cells.Count % parts ? 1 : 0);
            yield return cells.GetRange(start, size);
            start += size;
        }
    }
}
