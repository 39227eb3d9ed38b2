namespace HdCluster.Reports.Charts;

/// <summary>Point markers. <see cref="Cross"/> (an 'x') is what the reports use for diverged runs.</summary>
public enum MarkerShape
{
    None,
    Circle,
    Square,
    Triangle,
    Diamond,
    Cross,
    Plus,
}
