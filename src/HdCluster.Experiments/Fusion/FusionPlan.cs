namespace HdCluster.Experiments;

/// <summary>Cells that train as one fused model. <see cref="Cells"/> index the planner's input list, in order.</summary>
public sealed record FusedGroup(int Index, IReadOnlyList<int> Cells, IReadOnlyList<CellConfig> Configs, string Structure)
{
    public int Count => Cells.Count;
}

/// <summary>A cell that trains alone, and why.</summary>
public sealed record UnfusedCell(int Cell, CellConfig Config, string Reason);

/// <summary>The planner's partition: every input cell is in exactly one group or among the cells alone.</summary>
public sealed record FusionPlan(IReadOnlyList<FusedGroup> Groups, IReadOnlyList<UnfusedCell> Alone)
{
    public int FusedCells => Groups.Sum(g => g.Count);
}
