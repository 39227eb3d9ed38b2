namespace HdCluster.Sweeps;

/// <summary>A sweep file that cannot run as written. Raised while loading, before any cell runs; the message
/// starts with <c>file:line:column</c> and names the field, so an editor can jump to it.</summary>
public sealed class SweepFileException(SweepPosition position, string field, string problem)
    : Exception($"{position}: {field}: {problem}")
{
    public SweepPosition Position { get; } = position;

    public string File => Position.File;

    public int Line => Position.Line;

    public int Column => Position.Column;

    /// <summary>The setting or key at fault (<c>epochs</c>, <c>grid.alpha_0</c>, <c>tower.height</c>, ...).</summary>
    public string Field { get; } = field;

    public string Problem { get; } = problem;
}
