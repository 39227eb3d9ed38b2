namespace HdCluster.Reports.Charts;

/// <summary>One bar's value: a number, nothing (no run), or a run that diverged (drawn as an 'x' on the axis).</summary>
public readonly record struct BarValue(double? Value, bool Diverged = false)
{
    public static BarValue Missing => new(null);

    public static BarValue DivergedRun => new(null, Diverged: true);
}
