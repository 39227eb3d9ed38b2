namespace HdCluster.Reports.Charts;

/// <summary>How data values map onto an axis. <see cref="Auto"/> picks log when positive data spans decades.</summary>
public enum ScaleKind
{
    Auto,
    Linear,
    Log,
    Category,
}
