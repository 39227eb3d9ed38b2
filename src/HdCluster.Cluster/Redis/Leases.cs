using StackExchange.Redis;

namespace HdCluster.Cluster.Redis;

/// <summary>
/// Liveness through keys that expire: each worker slot renews <c>hdc:lease:{slot}</c> every heartbeat, and a
/// slot whose key has expired is lost. The coordinator holds <c>hdc:coordinator</c> the same way, so a second
/// coordinator stands by until the first one is gone.
/// </summary>
public sealed class Leases(IDatabase db, ClusterKeys keys, TimeSpan timeout)
{
    // Renew only our own lock; take it when nobody holds it. One script, so the check and the write are one step.
    private const string HoldLock = """
        local holder = redis.call('GET', KEYS[1])
        if holder == ARGV[1] then
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
          return 1
        end
        if not holder then
          redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
          return 1
        end
        return 0
        """;

    public TimeSpan Timeout => timeout;

    /// <summary>Records a worker slot for <c>hdc status</c> and gives it its first lease.</summary>
    public Task RegisterAsync(string slot, string description) => RenewAsync(slot, "idle", description);

    /// <summary>
    /// Renews the slot's lease and (re)records the slot, in one step: the lease is there before the record, so the
    /// coordinator never sees a recorded slot without one, and a slot forgotten during a long outage comes back.
    /// </summary>
    /// <param name="doing">What the slot is doing, for <c>hdc status</c>: "idle" or a sweep and cell.</param>
    public async Task RenewAsync(string slot, string doing, string description)
    {
        var tx = db.CreateTransaction();
        _ = tx.StringSetAsync(keys.Lease(slot), doing, timeout);
        _ = tx.HashSetAsync(keys.Workers, slot, description, When.NotExists);
        await tx.ExecuteAsync().ConfigureAwait(false);
    }

    public Task<bool> AliveAsync(string slot) => db.KeyExistsAsync(keys.Lease(slot));

    public async Task<string?> DoingAsync(string slot) => await db.StringGetAsync(keys.Lease(slot)).ConfigureAwait(false) is { IsNull: false } v ? v.ToString() : null;

    public async Task ForgetAsync(string slot)
    {
        await db.HashDeleteAsync(keys.Workers, slot).ConfigureAwait(false);
        await db.KeyDeleteAsync(keys.Lease(slot)).ConfigureAwait(false);
    }

    /// <summary>Worker slot → description (device, host, since when), alive or not.</summary>
    public async Task<IReadOnlyDictionary<string, string>> WorkersAsync() =>
        (await db.HashGetAllAsync(keys.Workers).ConfigureAwait(false)).ToDictionary(h => h.Name.ToString(), h => h.Value.ToString());

    /// <summary>Takes or renews the coordinator's lock; false while another coordinator holds it.</summary>
    public async Task<bool> HoldCoordinatorLockAsync(string owner) =>
        (long)await db.ScriptEvaluateAsync(HoldLock, [keys.CoordinatorLock], [owner, (long)timeout.TotalMilliseconds]).ConfigureAwait(false) == 1;

    public async Task<string?> CoordinatorAsync() => await db.StringGetAsync(keys.CoordinatorLock).ConfigureAwait(false) is { IsNull: false } v ? v.ToString() : null;

    public async Task ReleaseCoordinatorLockAsync(string owner)
    {
        if (await CoordinatorAsync().ConfigureAwait(false) == owner)
        {
            await db.KeyDeleteAsync(keys.CoordinatorLock).ConfigureAwait(false);
        }
    }
}
