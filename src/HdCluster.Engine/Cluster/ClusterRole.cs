namespace HdCluster.Engine.Cluster;

/// <summary>The part a process plays in the cluster.</summary>
public enum ClusterRole
{
    /// <summary>One per cluster: the coordinator singleton, its journal and the aggregator.</summary>
    Coordinator,

    /// <summary>Many: one worker slot per device slot.</summary>
    Worker,

    /// <summary>A short-lived hdc submit/status/cancel/results: talks through the receptionist, never a member.</summary>
    Client,
}
