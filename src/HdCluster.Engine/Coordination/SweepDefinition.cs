using HdCluster.Sweeps;

namespace HdCluster.Engine.Coordination;

/// <summary>
/// A sweep as data that any node can rebuild the same cells from: the sweep file's text (cells come from it on
/// demand and their ids are stable), the file it came from (for messages), and the fusion setting in force.
/// It travels in <see cref="SweepSubmitted"/> and in the coordinator's journal instead of the expanded cells, so a
/// sweep of 100,000 cells costs its file, not 100,000 configs.
/// </summary>
/// <param name="PlanningDevice">The device fused groups are sized for (the weakest a group may land on).</param>
/// <param name="PlanningMemoryBytes">Free memory of that device, or null (CPU, or unknown).</param>
public sealed record SweepDefinition(string Name, string Yaml, string SourcePath, string Fuse, string PlanningDevice = "cpu", long? PlanningMemoryBytes = null)
{
    /// <summary>The definition of a loaded sweep, with the fusion setting it carries (after any <c>--fuse</c>).</summary>
    public static SweepDefinition Of(Sweep sweep, string planningDevice = "cpu", long? planningMemoryBytes = null) =>
        new(sweep.Name, File.ReadAllText(sweep.SourcePath), sweep.SourcePath, sweep.Fuse.ToString(), planningDevice, planningMemoryBytes);

    /// <summary>The cells again, exactly as the submitter saw them.</summary>
    public Sweep Load()
    {
        var sweep = SweepFile.Parse(Yaml, SourcePath);
        var fuse = FuseSetting.TryParse(Fuse) ?? throw new InvalidDataException($"sweep {Name}: '{Fuse}' is not a fuse setting");
        return sweep with { Fuse = fuse };
    }
}
