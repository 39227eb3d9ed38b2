namespace HdCluster.Engine.Cluster;

/// <summary>
/// The Split Brain Resolver, chosen on purpose (docs/cluster.md, "When the network splits"): keep-oldest among the
/// <c>coordinator</c> role, so the side holding the coordinator and its journal always survives and workers cut off
/// from it down themselves (their cells run again on the surviving side). <see cref="StableAfter"/> is how long
/// membership must be quiet before a decision: with 5 s a killed worker is removed about 11 s after the kill.
/// </summary>
public sealed record SplitBrainSettings(string Strategy, TimeSpan StableAfter)
{
    public const string KeepOldest = "keep-oldest";

    public static IReadOnlyList<string> Strategies { get; } = [KeepOldest, "keep-majority", "static-quorum"];

    internal static SplitBrainSettings Read(string? strategy, string? stableAfterSeconds, SettingReader read)
    {
        var chosen = strategy?.Trim() is { Length: > 0 } s ? s : KeepOldest;
        if (chosen != KeepOldest)
        {
            // Only keep-oldest is written down and tested with a coordinator singleton; another strategy could
            // down the coordinator's side while workers survive without anyone to hand them work.
            read.Problem("split_brain_resolver.strategy", null, $"'{chosen}' is not supported: use {KeepOldest} (see docs/cluster.md)");
        }

        var seconds = read.Seconds("split_brain_resolver.stable_after_seconds", "HDC_SBR_STABLE_AFTER", stableAfterSeconds ?? "5");
        return new SplitBrainSettings(chosen, TimeSpan.FromSeconds(seconds));
    }
}
