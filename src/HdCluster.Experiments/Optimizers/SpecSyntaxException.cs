namespace HdCluster.Experiments;

/// <summary>A spec that does not parse or names something unknown; the message shows where.</summary>
public sealed class SpecSyntaxException(string spec, int position, string problem)
    : Exception($"{problem} at position {position + 1} of optimizer spec '{spec}'\n  {spec}\n  {new string(' ', Math.Max(0, position))}^")
{
    public string Spec { get; } = spec;

    /// <summary>Zero-based character offset of the problem.</summary>
    public int Position { get; } = position;

    public string Problem { get; } = problem;
}
