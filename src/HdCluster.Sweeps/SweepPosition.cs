namespace HdCluster.Sweeps;

/// <summary>Where something was written in a sweep file: 1-based line and column, as editors show them.</summary>
public sealed record SweepPosition(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}
