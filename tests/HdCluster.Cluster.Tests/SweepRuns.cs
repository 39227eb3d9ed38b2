using HdCluster.Cluster.Local;
using HdCluster.Sweeps;

namespace HdCluster.Cluster.Tests;

/// <summary>What one in-process run of a sweep produced.</summary>
public sealed record SweepRun(SweepSummary Summary, RecordingObserver Observer, LogEvents Log);

/// <summary>Runs sweeps in this process on the CPU, each bounded in time so that a hang fails instead of stalling CI.</summary>
internal static class SweepRuns
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);

    /// <param name="arrange">Sees the observer and the run's cancellation before the run starts (to cancel on an event).</param>
    public static async Task<SweepRun> RunAsync(
        Sweep sweep,
        string resultsRoot,
        int slots = 1,
        int maxAttempts = 3,
        string? dataRoot = null,
        Action<RecordingObserver, CancellationTokenSource>? arrange = null,
        Action<SweepCellGroup>? beforeGroupTrains = null)
    {
        var observer = new RecordingObserver();
        var log = new LogEvents();
        using var cancellation = new CancellationTokenSource();
        arrange?.Invoke(observer, cancellation);
        var options = new SweepRunOptions(resultsRoot, dataRoot ?? TestPaths.DataRoot, ["cpu"], slots, maxAttempts) { BeforeGroupTrains = beforeGroupTrains };
        var summary = await LocalSweepRunner.RunAsync(sweep, options, observer, log.Logger, cancellation.Token).WaitAsync(Bound);
        return new SweepRun(summary, observer, log);
    }
}
