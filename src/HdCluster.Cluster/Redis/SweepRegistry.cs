using HdCluster.Sweeps;
using StackExchange.Redis;

namespace HdCluster.Cluster.Redis;

/// <summary>
/// The sweeps the cluster knows: submitting and cancelling them, and reading where each stands. Used by the
/// CLI's submit, cancel, status and results commands and by both kinds of process.
/// </summary>
public sealed class SweepRegistry(IDatabase db, ClusterKeys keys)
{
    /// <summary>Hands a sweep to the coordinator. Refused while the same sweep is still running.</summary>
    /// <param name="fuse">Overrides the definition's <c>fuse:</c> (the CLI's <c>--fuse</c>); null keeps it.</param>
    /// <returns>The submission's id.</returns>
    public async Task<string> SubmitAsync(Sweep sweep, string definition, string source, FuseSetting? fuse = null)
    {
        if (await MetaAsync(sweep.Name).ConfigureAwait(false) is { State: SweepMeta.Running })
        {
            throw new InvalidOperationException($"sweep '{sweep.Name}' is already running on the cluster; cancel it first (hdc cancel {sweep.Name})");
        }

        NameValueEntry[] fields = [new("sweep", sweep.Name), new("source", source), new("definition", definition)];
        if (fuse is { } f)
        {
            fields = [.. fields, new("fuse", f.ToString())];
        }

        var id = await db.StreamAddAsync(keys.Submissions, fields).ConfigureAwait(false);
        return id.ToString();
    }

    /// <summary>Stops handing out the sweep's cells; workers drop the cells they hold at their next heartbeat.</summary>
    /// <returns>False when the cluster does not know the sweep.</returns>
    public async Task<bool> CancelAsync(string sweep)
    {
        if (await MetaAsync(sweep).ConfigureAwait(false) is not { } meta)
        {
            return false;
        }

        if (meta.State == SweepMeta.Running)
        {
            var tx = db.CreateTransaction();
            _ = tx.HashSetAsync(keys.Meta(sweep), [new("state", SweepMeta.Cancelled), new("finished_at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())]);
            _ = tx.SetRemoveAsync(keys.Active, sweep);
            _ = tx.KeyDeleteAsync([keys.Cells(sweep), keys.Running(sweep)]);
            await tx.ExecuteAsync().ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>running, finished or cancelled; null for a sweep the cluster does not know.</summary>
    public async Task<string?> StateAsync(string sweep) => await db.HashGetAsync(keys.Meta(sweep), "state").ConfigureAwait(false) is { IsNull: false } v ? v.ToString() : null;

    public async Task<SweepMeta?> MetaAsync(string sweep) => SweepMeta.From(await db.HashGetAllAsync(keys.Meta(sweep)).ConfigureAwait(false));

    /// <summary>Sweeps with cells to hand out, in name order.</summary>
    public async Task<IReadOnlyList<string>> ActiveAsync() =>
        (await db.SetMembersAsync(keys.Active).ConfigureAwait(false)).Select(v => v.ToString()).Order(StringComparer.Ordinal).ToList();

    public async Task<IReadOnlyList<string>> AllAsync() =>
        (await db.SetMembersAsync(keys.Sweeps).ConfigureAwait(false)).Select(v => v.ToString()).Order(StringComparer.Ordinal).ToList();

    /// <summary>Cell id → queued, running, completed, diverged or failed.</summary>
    public async Task<IReadOnlyDictionary<string, string>> CellStatesAsync(string sweep) =>
        (await db.HashGetAllAsync(keys.Status(sweep)).ConfigureAwait(false)).ToDictionary(h => h.Name.ToString(), h => h.Value.ToString());

    /// <summary>Cell id → how many times a worker took it.</summary>
    public async Task<IReadOnlyDictionary<string, int>> TakesAsync(string sweep) =>
        (await db.HashGetAllAsync(keys.Takes(sweep)).ConfigureAwait(false)).ToDictionary(h => h.Name.ToString(), h => (int)h.Value);

    public async Task<IReadOnlyList<RunningCellEntry>> RunningAsync(string sweep) =>
        (await db.HashGetAllAsync(keys.Running(sweep)).ConfigureAwait(false))
            .Select(h => RunningCellEntry.Parse(h.Name.ToString(), h.Value.ToString()))
            .OrderBy(r => r.Since)
            .ToList();

    /// <summary>The sweep as the cluster defines it, parsed like a sweep file, with the submitter's fuse setting.</summary>
    public static Sweep Parse(SweepMeta meta)
    {
        var sweep = SweepFile.Parse(meta.Definition, meta.Source);
        return meta.Fuse is { } text && FuseSetting.TryParse(text) is { } fuse ? sweep with { Fuse = fuse } : sweep;
    }
}

/// <summary>A cell a worker is training: which worker slot, since when, which attempt.</summary>
public sealed record RunningCellEntry(string CellId, string Worker, DateTimeOffset Since, int Attempt)
{
    public string Format() => $"{Worker}|{Since.ToUnixTimeMilliseconds()}|{Attempt}";

    public static RunningCellEntry Parse(string cellId, string value)
    {
        var parts = value.Split('|');
        var since = parts.Length > 1 && long.TryParse(parts[1], out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : DateTimeOffset.MinValue;
        var attempt = parts.Length > 2 && int.TryParse(parts[2], out var a) ? a : 0;
        return new RunningCellEntry(cellId, parts[0], since, attempt);
    }
}
