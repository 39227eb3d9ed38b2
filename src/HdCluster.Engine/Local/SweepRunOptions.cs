namespace HdCluster.Engine.Local;

/// <summary>How a sweep runs on this machine.</summary>
/// <param name="ResultsRoot">Parquet goes to <c>ResultsRoot/&lt;sweep&gt;/</c>.</param>
/// <param name="Devices">Devices to use: <c>cpu</c>, <c>cuda:0</c>, ...; one worker per device slot.</param>
/// <param name="SlotsPerDevice">Cells trained at once on each device.</param>
/// <param name="MaxAttempts">Attempts per cell before it is marked failed.</param>
public sealed record SweepRunOptions(
    string ResultsRoot,
    string DataRoot,
    IReadOnlyList<string> Devices,
    int SlotsPerDevice = 1,
    int MaxAttempts = 3)
{
    /// <summary>Runs on the training thread before a fused group trains, with the group's id; a test throws from it
    /// to fail a group as running out of device memory would.</summary>
    internal Action<string>? BeforeGroupTrains { get; init; }

    /// <summary>The worker slots: one per device slot, named <c>worker-&lt;device&gt;-&lt;slot&gt;</c>.</summary>
    public IReadOnlyList<Workers.WorkerSlotSettings> Slots(string host) =>
        Devices.SelectMany(device => Enumerable.Range(0, SlotsPerDevice).Select(slot =>
            new Workers.WorkerSlotSettings($"worker-{device.Replace(':', '-')}-{slot}", device, DataRoot, host) { BeforeGroupTrains = BeforeGroupTrains }))
        .ToList();

    /// <summary>libtorch threads for each CPU slot, so that slots x threads never exceeds the cores.</summary>
    public int ThreadsPerSlot(int cores) => Math.Max(1, cores / Math.Max(1, Devices.Count(d => d == "cpu") * SlotsPerDevice));
}
