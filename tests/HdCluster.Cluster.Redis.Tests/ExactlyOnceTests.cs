using Xunit.Abstractions;

namespace HdCluster.Cluster.Redis.Tests;

/// <summary>A sweep spread over several worker processes lands in Parquet with every cell exactly once.</summary>
public class ExactlyOnceTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_sweep_spread_over_three_worker_processes_lands_each_cell_exactly_once()
    {
        using var cluster = new TestCluster(output);
        var coordinator = cluster.Coordinator();
        HdcProcess[] workers = [cluster.Worker(), cluster.Worker(), cluster.Worker()];
        await cluster.WaitUntilAsync("three workers are registered", async () => (await cluster.Db.HashLengthAsync("hdc:workers")) == 3);

        cluster.Submit(cluster.WriteSweep("spread", cells: 12, epochs: 3));
        await cluster.WaitForFinishAsync("spread");

        var rows = cluster.CellRows("spread");
        Assert.Equal(12, rows.Count);
        Assert.Equal(12, rows.Select(r => r.CellId).Distinct().Count());
        Assert.All(rows, r => Assert.Equal("completed", r.Status));
        Assert.All(cluster.Writes("spread", coordinator).Values, n => Assert.Equal(1, n));
        Assert.Equal(12, cluster.Writes("spread", coordinator).Count);
        Assert.All((await cluster.TakesAsync("spread")).Values, n => Assert.Equal(1, n));

        // Spread: every worker process trained cells.
        var slots = rows.Select(r => r.Worker).Distinct().ToList();
        Assert.Equal(3, slots.Count);
        Assert.All(workers, w => Assert.Contains(slots, s => s.Contains($"-{w.Id}-", StringComparison.Ordinal)));
    }
}
