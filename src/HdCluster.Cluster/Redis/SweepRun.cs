using HdCluster.Actors;
using HdCluster.Results;
using HdCluster.Sweeps;

namespace HdCluster.Cluster.Redis;

/// <summary>
/// The coordinator's working copy of one submitted sweep: its cells by id, its results folder and aggregator,
/// which cells are settled (their rows are on disk) and which are being written. Rebuilt from Redis and the
/// Parquet folder whenever a coordinator starts, so nothing here needs to survive a crash.
/// </summary>
internal sealed class SweepRun(SweepMeta meta, Sweep sweep, ResultsStore store, ActorRef aggregator, Dictionary<string, string> settled) : IDisposable
{
    public string Name => meta.Name;

    public string Submission => meta.Submission;

    public SweepMeta Meta => meta;

    public Sweep Sweep => sweep;

    public IReadOnlyDictionary<string, SweepCell> Cells { get; } = sweep.Cells.ToDictionary(c => c.Id);

    public ResultsStore Store => store;

    public ActorRef Aggregator => aggregator;

    /// <summary>Cell id → completed, diverged or failed: the cells whose rows are durable.</summary>
    public Dictionary<string, string> Settled => settled;

    /// <summary>Cells handed to the aggregator: the state they will settle in, and every stream entry to acknowledge then.</summary>
    public Dictionary<string, (string State, List<StreamRef> Carriers)> Writing { get; } = [];

    /// <summary>Set once the sweep is finished or found cancelled: nothing more to do for it but drop late duplicates.</summary>
    public bool Closed { get; set; }

    public bool Done => Writing.Count == 0 && Cells.Keys.All(Settled.ContainsKey);

    public void Dispose() => store.Dispose();
}
