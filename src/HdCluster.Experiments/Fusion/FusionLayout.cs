namespace HdCluster.Experiments;

/// <summary>Cells that train as one fused model, as positions in the planner's input (ascending).</summary>
/// <param name="Shared">The settings of one cell of the group's bucket (not necessarily a member), standing for what
/// every member shares: model, data, batch size, budget, dtype, device and optimizer structure.</param>
public sealed record FusedPositions(IReadOnlyList<int> Cells, CellConfig Shared, string Structure);

/// <summary>The position in the planner's input of a cell that trains alone, and why.</summary>
public readonly record struct AlonePosition(int Cell, string Reason);

/// <summary>
/// The planner's partition as positions (<see cref="FusionPlanner.Layout"/>): the same groups and cells alone as
/// <see cref="FusionPlan"/>, holding a number per cell and one set of settings per group, so that planning a sweep of
/// a million cells does not hold a million cells. <see cref="Alone"/> is in input order; a reason shared by many cells
/// is one string.
/// </summary>
public sealed record FusionLayout(IReadOnlyList<FusedPositions> Groups, IReadOnlyList<AlonePosition> Alone)
{
    public int FusedCells => Groups.Sum(g => g.Cells.Count);
}
