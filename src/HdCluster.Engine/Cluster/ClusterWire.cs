namespace HdCluster.Engine.Cluster;

/// <summary>
/// The wire manifest table of cluster mode: every message that crosses between nodes or into the coordinator's
/// journal, each under a manifest that never changes. A renamed class keeps its row's manifest.
/// </summary>
public static class ClusterWire
{
    public static WireManifests Manifests { get; } = new([]);
}
