using Serilog;
using StackExchange.Redis;

namespace HdCluster.Cluster.Redis;

/// <summary>
/// The coordinator's side of <c>hdc:results</c> (group <c>aggregator</c>) and <c>hdc:submissions</c> (group
/// <c>coordinator</c>), and the dead-letter stream where any entry that cannot be understood goes.
/// </summary>
public sealed class ResultQueue(IDatabase db, ClusterKeys keys)
{
    public async Task CreateAsync()
    {
        foreach (var (stream, group) in new[] { (keys.Results, ClusterKeys.AggregatorGroup), (keys.Submissions, ClusterKeys.CoordinatorGroup) })
        {
            try
            {
                await db.StreamCreateConsumerGroupAsync(stream, group, StreamPosition.Beginning, createStream: true).ConfigureAwait(false);
            }
            catch (RedisServerException e) when (e.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
            {
            }
        }
    }

    /// <param name="backlog">True: entries delivered before and not yet acknowledged (after a restart); false: new ones.</param>
    public Task<StreamEntry[]> ReadResultsAsync(int count, bool backlog) =>
        db.StreamReadGroupAsync(keys.Results, ClusterKeys.AggregatorGroup, ClusterKeys.CoordinatorConsumer, backlog ? "0" : StreamPosition.NewMessages, count);

    public Task<StreamEntry[]> ReadSubmissionsAsync(bool backlog) =>
        db.StreamReadGroupAsync(keys.Submissions, ClusterKeys.CoordinatorGroup, ClusterKeys.CoordinatorConsumer, backlog ? "0" : StreamPosition.NewMessages, 4);

    public StreamRef Result(RedisValue id) => new(keys.Results, ClusterKeys.AggregatorGroup, id);

    public StreamRef Submission(RedisValue id) => new(keys.Submissions, ClusterKeys.CoordinatorGroup, id);

    public async Task AcknowledgeAsync(StreamRef entry)
    {
        var tx = db.CreateTransaction();
        entry.Acknowledge(tx, deleteAfter: true);
        await tx.ExecuteAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Moves an entry nobody can use to <c>hdc:deadletter</c> (with where it came from and why), acknowledges it
    /// where it was, and logs it: the stream keeps flowing and a person can look at the entry later.
    /// </summary>
    public async Task DeadLetterAsync(StreamRef entry, StreamEntry content, string reason, ILogger log)
    {
        log.Warning("Dead-lettered entry {EntryId} of {Stream}: {Reason} ({Fields})", entry.Id.ToString(), entry.Stream.ToString(), reason, CellOutcome.Describe(content));
        NameValueEntry[] fields =
        [
            new("stream", entry.Stream.ToString()), new("id", entry.Id), new("reason", reason), new("at", DateTimeOffset.UtcNow.ToString("O")),
            .. (content.Values ?? []).Select(v => new NameValueEntry($"field:{v.Name}", v.Value)),
        ];
        var tx = db.CreateTransaction();
        _ = tx.StreamAddAsync(keys.DeadLetter, fields);
        entry.Acknowledge(tx, deleteAfter: true);
        await tx.ExecuteAsync().ConfigureAwait(false);
    }
}
