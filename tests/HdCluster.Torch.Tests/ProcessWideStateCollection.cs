namespace HdCluster.Torch.Tests;

/// <summary>Tests that read or change process-wide state (resident memory, libtorch's thread pool,
/// the global generator) run alone, after the parallel ones, so that no other test disturbs them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideStateCollection
{
    public const string Name = "Process-wide state";
}
