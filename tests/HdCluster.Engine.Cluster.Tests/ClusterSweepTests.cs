using System.Text.RegularExpressions;

namespace HdCluster.Engine.Cluster.Tests;

/// <summary>
/// Sweeps through a cluster of real hdc processes: every cell exactly once in Parquet whatever dies, a lost worker's
/// cell resumed elsewhere from its checkpoint, a coordinator recovered from its journal. Every wait is bounded.
/// </summary>
public sealed class ClusterSweepTests
{
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan SweepBound = TimeSpan.FromSeconds(240);

    [Fact]
    public async Task A_sweep_over_three_worker_processes_writes_each_cell_exactly_once()
    {
        using var cluster = new TestCluster();
        var (coordinator, _) = cluster.Start("coordinator", "coordinator");
        await coordinator.WaitForLineAsync("is up with roles coordinator", Startup);
        var workers = Enumerable.Range(1, 3).Select(i => cluster.Start($"worker-{i}", "worker", null, "--threads", "1").Process).ToList();
        foreach (var worker in workers)
        {
            var address = (await worker.WaitForLineAsync(@"Node (\S+) started as worker", Startup)).Match.Groups[1].Value;
            await coordinator.WaitForLineAsync($"Node {Regex.Escape(address)} is up", Startup);
        }

        var (code, output) = cluster.Run("submit", cluster.WriteSweep("three", cells: 12));
        Assert.True(code == 0, output);
        await cluster.WaitForSweepAsync("three", SweepBound);

        var parquet = new ParquetReader(cluster.SweepFolder("three"));
        Assert.Equal(12, parquet.Count("SELECT count(*) FROM {cells}"));
        Assert.Equal(12, parquet.Count("SELECT count(DISTINCT cell_id) FROM {cells}"));
        Assert.Equal(12, parquet.Count("SELECT count(*) FROM {cells} WHERE status = 'completed'"));
        Assert.Equal(12, parquet.Count("SELECT count(DISTINCT cell_id) FROM {curves}"));
        Assert.True(parquet.Count("SELECT count(DISTINCT worker) FROM {cells}") >= 2, "the cells spread over the workers");
    }

    [Fact]
    public async Task A_worker_killed_mid_cell_has_its_cell_resumed_elsewhere_from_its_checkpoint_within_fifteen_seconds_and_written_once()
    {
        using var cluster = new TestCluster();
        var (coordinator, _) = cluster.Start("coordinator", "coordinator");
        await coordinator.WaitForLineAsync("is up with roles coordinator", Startup);
        var first = cluster.Start("worker-1", "worker", null, "--threads", "1").Process;
        var second = cluster.Start("worker-2", "worker", null, "--threads", "1").Process;
        foreach (var worker in new[] { first, second })
        {
            var address = (await worker.WaitForLineAsync(@"Node (\S+) started as worker", Startup)).Match.Groups[1].Value;
            await coordinator.WaitForLineAsync($"Node {Regex.Escape(address)} is up", Startup);
        }

        // One long cell: 40 epochs on 20,000 examples, and the kill as soon as the first checkpoint exists, so it lands
        // after a checkpoint and well before the end however fast the machine is (12 epochs and a second's wait let an
        // idle machine finish the cell before the kill).
        var (code, output) = cluster.Run("submit", cluster.WriteSweep("lost", cells: 1, epochs: 40, trainLimit: 20_000));
        Assert.True(code == 0, output);
        var started = (await coordinator.WaitForLineAsync(@"Cell (\w+) \(.*\) attempt 1 starts on (\S+)", Startup)).Match;
        var cell = started.Groups[1].Value;
        var slot = started.Groups[2].Value;
        var node = slot[(slot.IndexOf('@', StringComparison.Ordinal) + 1)..];
        var doomed = first.HasLine($"Node akka.tcp://hdcluster@{Regex.Escape(node)} started") ? first : second;
        var survivor = doomed == first ? second : first;
        var checkpoint = Path.Combine(cluster.SweepFolder("lost"), "checkpoints", cell, "last-epoch.pt");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (!File.Exists(checkpoint))
        {
            Assert.True(DateTime.UtcNow < deadline, $"no checkpoint at {checkpoint}:\n{cluster.AllOutput()}");
            await Task.Delay(20);
        }

        var killedAt = DateTime.UtcNow;
        doomed.Kill();
        var (reassignedAt, _) = await coordinator.WaitForLineAsync($@"Cell {cell} \(.*\) attempt 2 starts on", TimeSpan.FromSeconds(60));
        var resumed = (await survivor.WaitForLineAsync($@"Cell {cell} attempt 2 resumed from its checkpoint after epoch (\d+)", TimeSpan.FromSeconds(60))).Match;
        await cluster.WaitForSweepAsync("lost", SweepBound);

        var elapsed = reassignedAt - killedAt;
        Assert.True(elapsed < TimeSpan.FromSeconds(15), $"reassigned {elapsed.TotalSeconds:0.0} s after the kill");
        Assert.True(int.Parse(resumed.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 1);
        var parquet = new ParquetReader(cluster.SweepFolder("lost"));
        Assert.Equal(1, parquet.Count("SELECT count(*) FROM {cells}"));
        Assert.Equal(1, parquet.Count("SELECT count(*) FROM {cells} WHERE CAST(attempt AS VARCHAR) LIKE '2%'"));
        Assert.Equal(1, parquet.Count("SELECT count(DISTINCT attempt) FROM {curves}"));
        Console.WriteLine($"kill to reassignment: {elapsed.TotalSeconds:0.0} s; resumed after epoch {resumed.Groups[1].Value}");
    }

    [Fact]
    public async Task A_killed_and_restarted_coordinator_recovers_from_its_journal_and_trains_nothing_completed_again()
    {
        var workerPorts = new[] { TestCluster.FreePort(), TestCluster.FreePort() };
        using var cluster = new TestCluster(seedWorkerPorts: workerPorts);
        var (coordinator, _) = cluster.Start("coordinator", "coordinator");
        await coordinator.WaitForLineAsync("is up with roles coordinator", Startup);
        foreach (var port in workerPorts)
        {
            var worker = cluster.Start($"worker-{port}", "worker", null, "--threads", "1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)).Process;
            await coordinator.WaitForLineAsync($"Node akka.tcp://hdcluster@127.0.0.1:{port} is up", Startup);
        }

        var (code, output) = cluster.Run("submit", cluster.WriteSweep("restart", cells: 8, epochs: 2, trainLimit: 5000));
        Assert.True(code == 0, output);
        await coordinator.WaitForLineAsync(@"Cell \w+ completed", SweepBound);
        await coordinator.WaitForLineAsync(@"Cell \w+ completed", SweepBound);
        var killedAt = DateTime.UtcNow;
        coordinator.Kill();
        var completedBefore = Regex.Matches(coordinator.Output, @"Cell (\w+) completed").Select(m => m.Groups[1].Value).ToHashSet();

        var (restarted, _) = cluster.Start("coordinator-again", "coordinator");
        var (recoveredAt, _) = await restarted.WaitForLineAsync(@"Cell \w+ \(.*\) attempt \d+ starts on|Sweep restart: recovered", TimeSpan.FromSeconds(90));
        await cluster.WaitForSweepAsync("restart", SweepBound);

        var parquet = new ParquetReader(cluster.SweepFolder("restart"));
        Assert.Equal(8, parquet.Count("SELECT count(*) FROM {cells}"));
        Assert.Equal(8, parquet.Count("SELECT count(DISTINCT cell_id) FROM {cells}"));
        foreach (var cell in completedBefore)
        {
            Assert.False(restarted.HasLine($@"Cell {cell} \(.*\) attempt \d+ starts on"), $"cell {cell} was completed before the kill and trained again:\n{restarted.Output}");
        }

        Console.WriteLine($"kill to recovery: {(recoveredAt - killedAt).TotalSeconds:0.0} s; {completedBefore.Count} cells done before the kill");
    }

    [Fact]
    public async Task Two_sweeps_submitted_at_once_share_the_workers()
    {
        using var cluster = new TestCluster();
        var (coordinator, _) = cluster.Start("coordinator", "coordinator");
        await coordinator.WaitForLineAsync("is up with roles coordinator", Startup);
        foreach (var i in new[] { 1, 2 })
        {
            var worker = cluster.Start($"worker-{i}", "worker", null, "--threads", "1").Process;
            var address = (await worker.WaitForLineAsync(@"Node (\S+) started as worker", Startup)).Match.Groups[1].Value;
            await coordinator.WaitForLineAsync($"Node {Regex.Escape(address)} is up", Startup);
        }

        var first = cluster.WriteSweep("first", cells: 6, epochs: 3, trainLimit: 10_000);
        var second = cluster.WriteSweep("second", cells: 6, epochs: 3, trainLimit: 10_001);
        var submits = await Task.WhenAll(Task.Run(() => cluster.Run("submit", first)), Task.Run(() => cluster.Run("submit", second)));
        Assert.All(submits, s => Assert.True(s.Code == 0, s.Output));
        await cluster.WaitForSweepAsync("first", SweepBound);
        await cluster.WaitForSweepAsync("second", SweepBound);

        var secondCells = new ParquetReader(cluster.SweepFolder("second")).CellIds().ToHashSet();
        var order = Regex.Matches(coordinator.Output, @"Cell (\w+) \(.*\) attempt \d+ starts on").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(12, order.Count);

        // The second sweep does not wait for the first to drain: its cells start among the first half of all starts.
        var firstHalf = order.Take(6).ToList();
        Assert.True(firstHalf.Count(secondCells.Contains) >= 2, $"starts in order: {string.Join(", ", order.Select(c => secondCells.Contains(c) ? "second" : "first"))}");
    }

    [Fact]
    public async Task A_client_with_another_cluster_name_cannot_submit_work()
    {
        using var cluster = new TestCluster();
        var (coordinator, _) = cluster.Start("coordinator", "coordinator");
        await coordinator.WaitForLineAsync("is up with roles coordinator", Startup);
        var sweep = cluster.WriteSweep("foreign", cells: 2);
        using var stranger = HdcProcess.StartNamed("stranger", cluster.Folder, new Dictionary<string, string> { ["HDC_CLUSTER_NAME"] = "othercluster" }, ["submit", sweep, "--config", cluster.ConfigPath]);
        Assert.Equal(3, stranger.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Contains("no answer from the cluster's coordinator", stranger.Output);
        Assert.False(coordinator.HasLine("Sweep foreign"), coordinator.Output);
        Assert.False(Directory.Exists(cluster.SweepFolder("foreign")));
    }

    [Fact]
    public void Zero_slots_or_attempts_are_refused_before_anything_runs()
    {
        using var cluster = new TestCluster();
        var (slots, slotsOutput) = cluster.Run("worker", "--slots", "0");
        Assert.Equal(2, slots);
        Assert.Equal("hdc worker: --slots must be at least 1 (got 0)", slotsOutput.Trim());
        var (attempts, attemptsOutput) = cluster.Run("submit", cluster.WriteSweep("refused", cells: 1), "--max-attempts", "0");
        Assert.Equal(2, attempts);
        Assert.Equal("hdc submit: --max-attempts must be at least 1 (got 0)", attemptsOutput.Trim());
    }
}
