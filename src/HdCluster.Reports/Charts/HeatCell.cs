namespace HdCluster.Reports.Charts;

/// <summary>What a heatmap cell holds: nothing (no run), a value, or a run that diverged.</summary>
public enum HeatCellState
{
    Missing,
    Value,
    Diverged,
}

public readonly record struct HeatCell(HeatCellState State, double Value)
{
    public static HeatCell Of(double value) => double.IsFinite(value) ? new(HeatCellState.Value, value) : Diverged;

    public static HeatCell Missing => new(HeatCellState.Missing, double.NaN);

    public static HeatCell Diverged => new(HeatCellState.Diverged, double.NaN);
}
