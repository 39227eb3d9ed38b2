namespace HdCluster.Reports.Charts;

/// <summary>A tick on an axis: its data value and label. Minor ticks have no label.</summary>
public sealed record Tick(double Value, string Label, bool Major = true);
