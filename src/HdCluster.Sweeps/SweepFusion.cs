using System.Security.Cryptography;
using System.Text;
using HdCluster.Experiments;

namespace HdCluster.Sweeps;

/// <summary>Cells of a sweep that train as one fused group. <see cref="Id"/> is stable: it is made from the member cells'
/// ids, so the same cells form the same group in any run, and each cell's result rows can name it.</summary>
/// <param name="Positions">Where each member is among the cells planned: in the sweep's cells when planned by position,
/// else in the list given.</param>
public sealed record SweepCellGroup(string Id, IReadOnlyList<SweepCell> Cells, string Structure, IReadOnlyList<int> Positions);

/// <summary>A sweep cell that trains alone, and why.</summary>
public sealed record SweepCellAlone(SweepCell Cell, string Reason);

/// <summary>Which of a sweep's cells train together: every cell is in exactly one group or alone.</summary>
/// <param name="AlonePositions">Where each cell of <paramref name="Alone"/> is among the cells planned, in the same order
/// (see <see cref="SweepCellGroup.Positions"/>): what a runner keeps instead of the cells.</param>
public sealed record SweepFusionPlan(IReadOnlyList<SweepCellGroup> Groups, IReadOnlyList<SweepCellAlone> Alone, IReadOnlyList<int> AlonePositions)
{
    /// <summary>How many cells train alone for each reason, in the order first met, counted without building the cells.</summary>
    public IReadOnlyList<SweepAloneReason> AloneReasons { get; init; } = [];
}

/// <summary>A <see cref="SweepFusionPlan"/> counted: how many groups of each size (largest first), and how many cells
/// train alone for each reason (in the order first met).</summary>
public sealed record SweepFusionSummary(IReadOnlyList<SweepGroupSize> GroupSizes, IReadOnlyList<SweepAloneReason> Alone)
{
    public int Groups => GroupSizes.Sum(g => g.Groups);

    public int FusedCells => GroupSizes.Sum(g => g.Groups * g.Size);

    public int AloneCells => Alone.Sum(a => a.Cells);
}

/// <summary><paramref name="Groups"/> fused groups of <paramref name="Size"/> cells each.</summary>
public sealed record SweepGroupSize(int Size, int Groups);

/// <summary><paramref name="Cells"/> cells train alone because of <paramref name="Reason"/>.</summary>
public sealed record SweepAloneReason(string Reason, int Cells);

/// <summary>
/// Applies a sweep's <c>fuse:</c> setting with <see cref="FusionPlanner"/>: <c>off</c> trains every cell alone; a
/// number caps the group size; <c>auto</c> caps it at <see cref="DefaultMaxGroup"/>, on a GPU at what fits in the
/// device's free memory when known (<see cref="FusionPlanner.MaxGroupFor"/>), and on a CPU at what keeps the group's
/// optimizer in cache (<see cref="FusionPlanner.MaxGroupOnCpu"/>), which leaves models as large as 784-1000-1000-10
/// unfused there, because fusing them would make them slower.
/// </summary>
public static class SweepFusion
{
    public const int DefaultMaxGroup = 64;

    /// <param name="cells">The cells to plan (e.g. those not finished yet); by default all of the sweep's.</param>
    /// <param name="deviceMemoryBytes">Free memory of the device the groups will train on, for <c>auto</c>.</param>
    /// <param name="device">The device the groups will train on (a runner's workers set it), when not the cells' own.</param>
    public static SweepFusionPlan Plan(Sweep sweep, IReadOnlyList<SweepCell>? cells = null, long? deviceMemoryBytes = null, string? device = null)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        cells ??= sweep.Cells;
        if (device is not null)
        {
            cells = cells.Select(c => c with { Config = c.Config with { Device = device } }).ToList();
        }

        var planned = cells;
        var (groups, alone) = Decide(sweep.Fuse, cells.Count, cells.Select(c => c.Config), i => planned[i].Id, deviceMemoryBytes);
        return new SweepFusionPlan(
            [.. groups.Select(g => new SweepCellGroup(g.Id, [.. g.Members.Select(i => planned[i])], g.Structure, g.Members))],
            [.. alone.Select(a => new SweepCellAlone(planned[a.Cell], a.Reason))],
            [.. alone.Select(a => a.Cell)])
        {
            AloneReasons = Count(alone),
        };
    }

    /// <summary>
    /// <see cref="Plan(Sweep, IReadOnlyList{SweepCell}?, long?, string?)"/> for the sweep's cells at
    /// <paramref name="positions"/>, streaming: each cell's settings are computed as they are read and not kept, so the
    /// plan holds numbers (positions, in the sweep's cells), group ids and one string per reason, never the cells. Its
    /// <see cref="SweepFusionPlan.Groups"/>' cells and <see cref="SweepFusionPlan.Alone"/> are built again each time
    /// they are read.
    /// </summary>
    public static SweepFusionPlan Plan(Sweep sweep, IReadOnlyList<int> positions, long? deviceMemoryBytes = null, string? device = null)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        ArgumentNullException.ThrowIfNull(positions);
        var cells = sweep.Cells;
        SweepCell At(int position) => device is null ? cells[position] : cells[position] with { Config = cells[position].Config with { Device = device } };
        var configs = positions.Select(p => cells is SweepCells lazy ? lazy.ConfigAt(p) : cells[p].Config);
        var (groups, alone) = Decide(sweep.Fuse, positions.Count, device is null ? configs : configs.Select(c => c with { Device = device }), i => cells[positions[i]].Id, deviceMemoryBytes);
        var alonePositions = alone.Select(a => positions[a.Cell]).ToArray();
        var reasons = alone.Select(a => a.Reason).ToArray();
        return new SweepFusionPlan(
            [.. groups.Select(g =>
            {
                var members = g.Members.Select(i => positions[i]).ToArray();
                return new SweepCellGroup(g.Id, new BuiltOnRead<SweepCell>(members.Length, k => At(members[k])), g.Structure, members);
            })],
            new BuiltOnRead<SweepCellAlone>(alonePositions.Length, k => new SweepCellAlone(At(alonePositions[k]), reasons[k])),
            alonePositions)
        {
            AloneReasons = Count(alone),
        };
    }

    // The plan as positions in the cells planned (0 .. count - 1): the planner's buckets, each group cut further to what
    // the fuse setting and the device allow, every cell alone with its reason, in input order. A group's id is made from
    // its members' ids (idOf), read once per member.
    private static (List<(string Id, int[] Members, string Structure)> Groups, List<AlonePosition> Alone) Decide(
        FuseSetting fuse, int count, IEnumerable<CellConfig> configs, Func<int, string> idOf, long? deviceMemoryBytes)
    {
        var groups = new List<(string Id, int[] Members, string Structure)>();
        if (fuse.Mode == FuseMode.Off)
        {
            return (groups, [.. Enumerable.Range(0, count).Select(i => new AlonePosition(i, "fuse: off"))]);
        }

        var max = fuse.Mode == FuseMode.MaxGroup ? fuse.MaxGroup!.Value : DefaultMaxGroup;
        var layout = new FusionPlanner { MaxGroupSize = max }.Layout(configs);
        var alone = layout.Alone.ToList();
        foreach (var group in layout.Groups)
        {
            var (fits, why) = Fits(fuse, group.Shared, group.Cells.Count, deviceMemoryBytes);
            var start = 0;
            foreach (var size in FusionPlanner.EvenParts(group.Cells.Count, fits))
            {
                var part = group.Cells.Skip(start).Take(size).ToArray();
                start += size;
                if (part.Length == 1)
                {
                    alone.Add(new AlonePosition(part[0], why));
                }
                else
                {
                    groups.Add((GroupId(part.Select(idOf)), part, group.Structure));
                }
            }
        }

        alone.Sort((a, b) => a.Cell.CompareTo(b.Cell));
        return (groups, alone);
    }

    private static List<SweepAloneReason> Count(List<AlonePosition> alone)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var a in alone)
        {
            if (!counts.TryGetValue(a.Reason, out var n))
            {
                order.Add(a.Reason);
            }

            counts[a.Reason] = n + 1;
        }

        return [.. order.Select(r => new SweepAloneReason(r, counts[r]))];
    }

    /// <summary>
    /// What <see cref="Plan"/> would decide, counted instead of listed: one pass over the cells that keeps a count per
    /// group key, so a sweep of a million cells is summarised without holding its cells.
    /// </summary>
    public static SweepFusionSummary Summarize(Sweep sweep, long? deviceMemoryBytes = null, string? device = null)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        var alone = new Dictionary<string, int>(StringComparer.Ordinal);
        var sizes = new SortedDictionary<int, int>(Comparer<int>.Create((a, b) => b.CompareTo(a)));
        if (sweep.Fuse.Mode == FuseMode.Off)
        {
            return new SweepFusionSummary([], sweep.Cells.Count == 0 ? [] : [new("fuse: off", sweep.Cells.Count)]);
        }

        var planner = new FusionPlanner { MaxGroupSize = sweep.Fuse.Mode == FuseMode.MaxGroup ? sweep.Fuse.MaxGroup!.Value : DefaultMaxGroup };
        var buckets = new Dictionary<string, (int Count, CellConfig First)>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var cell in sweep.Cells is SweepCells lazy ? lazy.Configs() : sweep.Cells.Select(c => c.Config))
        {
            var config = device is null ? cell : cell with { Device = device };
            if (FusionPlanner.WhyValidCellDoesNotFuse(config) is { } reason)
            {
                alone[reason] = alone.GetValueOrDefault(reason) + 1;
                continue;
            }

            var key = planner.GroupKey(config);
            if (buckets.TryGetValue(key, out var bucket))
            {
                buckets[key] = (bucket.Count + 1, bucket.First);
            }
            else
            {
                buckets[key] = (1, config);
                order.Add(key);
            }
        }

        foreach (var (count, first) in order.Select(k => buckets[k]))
        {
            var why = count == 1 ? planner.WhyNoPartner(first) : planner.MaxGroupSize == 1 ? "the largest group allowed is one cell" : null;
            if (why is not null)
            {
                alone[why] = alone.GetValueOrDefault(why) + count;
                continue;
            }

            foreach (var group in FusionPlanner.EvenParts(count, planner.MaxGroupSize))
            {
                var (fits, whyAlone) = Fits(sweep.Fuse, first, group, deviceMemoryBytes);
                foreach (var part in FusionPlanner.EvenParts(group, fits))
                {
                    if (part == 1)
                    {
                        alone[whyAlone] = alone.GetValueOrDefault(whyAlone) + 1;
                    }
                    else
                    {
                        sizes[part] = sizes.GetValueOrDefault(part) + 1;
                    }
                }
            }
        }

        return new SweepFusionSummary(
            [.. sizes.Select(kv => new SweepGroupSize(kv.Key, kv.Value))],
            [.. alone.Select(kv => new SweepAloneReason(kv.Key, kv.Value))]);
    }

    /// <summary>The largest group <paramref name="fuse"/> allows for <paramref name="cell"/> on its device: 1 when off
    /// (or when the model does not fuse), N for a number, and for auto what <see cref="Plan"/> would allow.</summary>
    public static int MaxGroup(FuseSetting fuse, CellConfig cell, long? deviceMemoryBytes = null)
    {
        if (fuse.Mode == FuseMode.Off || FusionPlanner.WhyNotFusable(cell) is not null)
        {
            return 1;
        }

        return fuse.Mode == FuseMode.MaxGroup ? fuse.MaxGroup!.Value : Math.Min(DefaultMaxGroup, Fits(fuse, cell, DefaultMaxGroup, deviceMemoryBytes).Fits);
    }

    // The largest group auto allows for this model, and why a cell it leaves alone is alone.
    private static (int Fits, string Why) Fits(FuseSetting fuse, CellConfig cell, int count, long? deviceMemoryBytes)
    {
        if (fuse.Mode != FuseMode.Auto)
        {
            return (count, "");
        }

        if (!DeviceName.IsCuda(cell.Device))
        {
            return (FusionPlanner.MaxGroupOnCpu(cell), "on a CPU this model's optimizer outgrows the cache when fused, which is slower than alone");
        }

        return deviceMemoryBytes is { } memory
            ? (FusionPlanner.MaxGroupFor(cell, memory), "the device's memory holds one cell of this model")
            : (count, "");
    }

    /// <summary>"g" and the first 16 hex digits of the SHA-256 of the member ids in order.</summary>
    public static string GroupId(IReadOnlyList<SweepCell> cells) => GroupId(cells.Select(c => c.Id));

    private static string GroupId(IEnumerable<string> memberIds)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", memberIds)));
        return "g" + Convert.ToHexStringLower(hash)[..16];
    }
}
