namespace HdCluster.Engine.Workers;

/// <summary>One device slot: its name (unique among the coordinator's workers), its device, where the data is, and
/// the host it runs on (written into each row).</summary>
public sealed record WorkerSlotSettings(string Name, string Device, string DataRoot, string Host)
{
    /// <summary>Runs on the training thread before a fused group trains; it gets the group id; a test throws from it to fail a group as
    /// running out of device memory would.</summary>
    internal Action<string>? BeforeGroupTrains { get; init; }

    /// <summary>How often a result is sent again until the aggregator acknowledges it, and how often an idle slot
    /// asks for work again (a coordinator that restarted has forgotten it).</summary>
    public TimeSpan ResendInterval { get; init; } = TimeSpan.FromSeconds(3);
}
