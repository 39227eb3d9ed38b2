using StackExchange.Redis;

namespace HdCluster.Cluster.Redis;

/// <summary>
/// Every Redis key and group name of the cluster, in one place. With the default prefix:
/// <list type="bullet">
/// <item><c>hdc:submissions</c> (stream, group <c>coordinator</c>): sweeps handed in by <c>hdc submit</c>.</item>
/// <item><c>hdc:sweeps</c> (set): every sweep the cluster knows; <c>hdc:active</c> (set): those with cells to run.</item>
/// <item><c>hdc:{sweep}:meta</c> (hash): state, definition (the sweep file's text), totals, results folder.</item>
/// <item><c>hdc:{sweep}:cells</c> (stream, group <c>workers</c>): one entry per cell to run.</item>
/// <item><c>hdc:{sweep}:status</c> (hash): cell id → queued, running, completed, diverged or failed.</item>
/// <item><c>hdc:{sweep}:running</c> (hash): cell id → where and since when; <c>hdc:{sweep}:takes</c> (hash): cell id → times taken.</item>
/// <item><c>hdc:results</c> (stream, group <c>aggregator</c>): finished cells with their records.</item>
/// <item><c>hdc:deadletter</c> (stream): entries that could not be understood, with why.</item>
/// <item><c>hdc:workers</c> (hash): worker slot → description; <c>hdc:lease:{slot}</c>: the slot's lease, a key with a TTL.</item>
/// <item><c>hdc:coordinator</c>: the coordinator's lock, a key with a TTL, so only one coordinator acts at a time.</item>
/// </list>
/// </summary>
public sealed class ClusterKeys(string prefix)
{
    public const string WorkersGroup = "workers";
    public const string AggregatorGroup = "aggregator";
    public const string CoordinatorGroup = "coordinator";

    /// <summary>The consumer name the coordinator uses in every group (it is alone, by its lock).</summary>
    public const string CoordinatorConsumer = "coordinator";

    public string Prefix { get; } = prefix;

    public RedisKey Submissions => $"{Prefix}:submissions";

    public RedisKey Sweeps => $"{Prefix}:sweeps";

    public RedisKey Active => $"{Prefix}:active";

    public RedisKey Results => $"{Prefix}:results";

    public RedisKey DeadLetter => $"{Prefix}:deadletter";

    public RedisKey Workers => $"{Prefix}:workers";

    public RedisKey CoordinatorLock => $"{Prefix}:coordinator";

    public RedisKey Meta(string sweep) => $"{Prefix}:{sweep}:meta";

    public RedisKey Cells(string sweep) => $"{Prefix}:{sweep}:cells";

    public RedisKey Status(string sweep) => $"{Prefix}:{sweep}:status";

    public RedisKey Running(string sweep) => $"{Prefix}:{sweep}:running";

    public RedisKey Takes(string sweep) => $"{Prefix}:{sweep}:takes";

    public RedisKey Lease(string slot) => $"{Prefix}:lease:{slot}";

    /// <summary>Every key that belongs to one sweep, for a fresh start of it.</summary>
    public RedisKey[] OfSweep(string sweep) => [Meta(sweep), Cells(sweep), Status(sweep), Running(sweep), Takes(sweep)];
}
