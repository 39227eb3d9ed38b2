namespace HdCluster.Sweeps;

/// <summary>One axis of a sweep's grid as the file gave it (or as drawn, for a sampled axis), for summaries.</summary>
/// <param name="Sampling">How the values were drawn (e.g. <c>log_uniform, seed 1</c>), or null for values written out.</param>
/// <param name="Values">Each value as written or drawn; a linked or sampled axis names its settings (<c>alpha_0=0.01, beta=1e-4</c>).</param>
public sealed record SweepAxis(string Name, string? Sampling, IReadOnlyList<string> Values);
