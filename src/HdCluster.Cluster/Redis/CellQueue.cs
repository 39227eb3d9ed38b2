using StackExchange.Redis;

namespace HdCluster.Cluster.Redis;

/// <summary>
/// The sweeps' cell streams (<c>hdc:{sweep}:cells</c>, consumer group <c>workers</c>): publishing cells, taking one,
/// handing its outcome over, and putting back the cells of a lost worker. Every step that moves a cell from one
/// place to another is one Redis transaction, so a crash at any point leaves each cell in exactly one place.
/// </summary>
public sealed class CellQueue(IDatabase db, ClusterKeys keys)
{
    public async Task CreateAsync(string sweep)
    {
        try
        {
            await db.StreamCreateConsumerGroupAsync(keys.Cells(sweep), ClusterKeys.WorkersGroup, StreamPosition.Beginning, createStream: true).ConfigureAwait(false);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            // Already there: a resumed submission.
        }
    }

    /// <summary>Queues a cell unless it already has a state (so a replayed submission never queues a cell twice).</summary>
    public async Task<bool> PublishOnceAsync(CellTicket ticket)
    {
        var tx = db.CreateTransaction();
        tx.AddCondition(Condition.HashNotExists(keys.Status(ticket.Sweep), ticket.CellId));
        _ = tx.HashSetAsync(keys.Status(ticket.Sweep), ticket.CellId, "queued");
        _ = tx.StreamAddAsync(keys.Cells(ticket.Sweep), ticket.ToFields());
        return await tx.ExecuteAsync().ConfigureAwait(false);
    }

    /// <summary>The next new cell of the sweep for this consumer, or null (none left, or the sweep's stream is gone).</summary>
    public async Task<StreamEntry?> TakeAsync(string sweep, string consumer)
    {
        try
        {
            var entries = await db.StreamReadGroupAsync(keys.Cells(sweep), ClusterKeys.WorkersGroup, consumer, StreamPosition.NewMessages, 1).ConfigureAwait(false);
            return entries.Length > 0 ? entries[0] : null;
        }
        catch (RedisServerException e) when (e.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
        {
            return null;
        }
    }

    /// <summary>Up to <paramref name="count"/> more new cells of the sweep for this consumer (fewer when fewer wait).</summary>
    public async Task<StreamEntry[]> TakeManyAsync(string sweep, string consumer, int count)
    {
        try
        {
            return await db.StreamReadGroupAsync(keys.Cells(sweep), ClusterKeys.WorkersGroup, consumer, StreamPosition.NewMessages, count).ConfigureAwait(false);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
        {
            return [];
        }
    }

    /// <summary>How many cells of the sweep no worker has taken yet: the consumer group's lag, or, where Redis cannot
    /// tell it (entries deleted inside the range), the cells whose state is queued.</summary>
    public async Task<long> WaitingAsync(string sweep)
    {
        try
        {
            var groups = await db.StreamGroupInfoAsync(keys.Cells(sweep)).ConfigureAwait(false);
            if (groups.FirstOrDefault(g => g.Name == ClusterKeys.WorkersGroup).Lag is { } lag)
            {
                return lag;
            }
        }
        catch (RedisServerException)
        {
            return 0;
        }

        return (await db.HashValuesAsync(keys.Status(sweep)).ConfigureAwait(false)).LongCount(v => v == "queued");
    }

    public async Task MarkTakenAsync(CellTicket ticket, string worker)
    {
        var tx = db.CreateTransaction();
        _ = tx.HashSetAsync(keys.Running(ticket.Sweep), ticket.CellId, new RunningCellEntry(ticket.CellId, worker, DateTimeOffset.UtcNow, ticket.Attempt).Format());
        _ = tx.HashSetAsync(keys.Status(ticket.Sweep), ticket.CellId, "running");
        _ = tx.HashIncrementAsync(keys.Takes(ticket.Sweep), ticket.CellId);
        await tx.ExecuteAsync().ConfigureAwait(false);
    }

    /// <summary>The worker's last step for a cell: the outcome goes on the results stream and the cell entry is acknowledged, together.</summary>
    public async Task HandOverAsync(RedisValue cellEntry, CellOutcome outcome)
    {
        var tx = db.CreateTransaction();
        _ = tx.StreamAddAsync(keys.Results, outcome.ToFields());
        _ = tx.StreamAcknowledgeAsync(keys.Cells(outcome.Ticket.Sweep), ClusterKeys.WorkersGroup, cellEntry);
        await tx.ExecuteAsync().ConfigureAwait(false);
    }

    /// <summary>Puts a cell back in the queue as <paramref name="ticket"/>, acknowledging the entries it replaces.</summary>
    public async Task RequeueAsync(CellTicket ticket, IReadOnlyList<StreamRef> replaces)
    {
        var tx = db.CreateTransaction();
        _ = tx.StreamAddAsync(keys.Cells(ticket.Sweep), ticket.ToFields());
        _ = tx.HashSetAsync(keys.Status(ticket.Sweep), ticket.CellId, "queued");
        _ = tx.HashDeleteAsync(keys.Running(ticket.Sweep), ticket.CellId);
        foreach (var r in replaces)
        {
            r.Acknowledge(tx, deleteAfter: true);
        }

        await tx.ExecuteAsync().ConfigureAwait(false);
    }

    /// <summary>A cell's rows are on disk: record its final state and acknowledge every entry that carried it.</summary>
    public async Task SettleAsync(string sweep, string cellId, string state, IReadOnlyList<StreamRef> carriers)
    {
        var tx = db.CreateTransaction();
        _ = tx.HashSetAsync(keys.Status(sweep), cellId, state);
        _ = tx.HashDeleteAsync(keys.Running(sweep), cellId);
        foreach (var r in carriers)
        {
            r.Acknowledge(tx, deleteAfter: true);
        }

        await tx.ExecuteAsync().ConfigureAwait(false);
    }

    /// <summary>Consumers of the sweep's stream that hold unacknowledged cells, with how many.</summary>
    public async Task<IReadOnlyList<(string Consumer, int Count)>> HoldersAsync(string sweep)
    {
        try
        {
            var info = await db.StreamPendingAsync(keys.Cells(sweep), ClusterKeys.WorkersGroup).ConfigureAwait(false);
            return info.Consumers.Where(c => c.PendingMessageCount > 0).Select(c => (c.Name.ToString(), c.PendingMessageCount)).ToList();
        }
        catch (RedisServerException e) when (e.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
        {
            return [];
        }
    }

    /// <summary>
    /// Claims for the coordinator the cells a consumer holds that were delivered at least <paramref name="minIdle"/> ago
    /// (XCLAIM with min-idle-time, so an entry just handed to someone else is never taken from them).
    /// </summary>
    public async Task<StreamEntry[]> ClaimAsync(string sweep, string consumer, TimeSpan minIdle)
    {
        var pending = await db.StreamPendingMessagesAsync(keys.Cells(sweep), ClusterKeys.WorkersGroup, 100, consumer).ConfigureAwait(false);
        if (pending.Length == 0)
        {
            return [];
        }

        return await db.StreamClaimAsync(keys.Cells(sweep), ClusterKeys.WorkersGroup, ClusterKeys.CoordinatorConsumer, (long)minIdle.TotalMilliseconds, pending.Select(p => p.MessageId).ToArray()).ConfigureAwait(false);
    }

    public StreamRef Ref(string sweep, RedisValue id) => new(keys.Cells(sweep), ClusterKeys.WorkersGroup, id);
}

/// <summary>An entry of a stream as seen by a consumer group: what acknowledging it needs.</summary>
public sealed record StreamRef(RedisKey Stream, string Group, RedisValue Id)
{
    public void Acknowledge(ITransaction tx, bool deleteAfter)
    {
        _ = tx.StreamAcknowledgeAsync(Stream, Group, Id);
        if (deleteAfter)
        {
            _ = tx.StreamDeleteAsync(Stream, [Id]);
        }
    }
}
