using StackExchange.Redis;
using Xunit.Abstractions;

namespace HdCluster.Cluster.Redis.Tests;

/// <summary>Whatever fails (a worker, the coordinator, Redis itself), every cell lands in Parquet exactly once.</summary>
public class FailureTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_worker_killed_in_the_middle_of_a_cell_has_the_cell_run_again_elsewhere_and_each_cell_lands_once()
    {
        using var cluster = new TestCluster(output);
        var coordinator = cluster.Coordinator();
        var doomed = cluster.Worker();
        await cluster.WaitUntilAsync("the first worker is registered", async () => (await cluster.Db.HashLengthAsync("hdc:workers")) == 1);

        // Cells of a second or two, so that the kill lands mid-cell.
        cluster.Submit(cluster.WriteSweep("killed", cells: 3, epochs: 150));
        string? victimCell = null;
        await cluster.WaitUntilAsync("the doomed worker trains a cell", async () =>
        {
            var running = await cluster.Db.HashGetAllAsync("hdc:killed:running");
            victimCell = running.FirstOrDefault(r => r.Value.ToString().Contains($"-{doomed.Id}-", StringComparison.Ordinal)).Name;
            return victimCell != null;
        });
        await Task.Delay(500);
        Assert.Equal("running", (await cluster.CellStatesAsync("killed"))[victimCell!]);
        doomed.Kill();
        var survivor = cluster.Worker();

        await cluster.WaitForFinishAsync("killed");

        var rows = cluster.CellRows("killed");
        Assert.Equal(3, rows.Count);
        Assert.Equal(3, rows.Select(r => r.CellId).Distinct().Count());
        Assert.DoesNotContain($"Cell {victimCell} of killed handed over", doomed.Output, StringComparison.Ordinal);
        var rerun = Assert.Single(rows, r => r.CellId == victimCell);
        Assert.Contains($"-{survivor.Id}-", rerun.Worker, StringComparison.Ordinal);
        Assert.Equal(2, rerun.Attempts);
        Assert.Equal(2, (await cluster.TakesAsync("killed"))[victimCell!]);
        Assert.All(cluster.Writes("killed", coordinator).Values, n => Assert.Equal(1, n));
        Assert.Contains($"lost (no heartbeat for 3 s): cell {victimCell}", coordinator.Output, StringComparison.Ordinal);

        // The three cells were one fused group on the doomed worker; on their second attempt each trained alone.
        Assert.Contains("Fused group ", doomed.Output, StringComparison.Ordinal);
        Assert.All(cluster.RawCells("killed", "SELECT group_id FROM {cells}").Rows, r => Assert.Null(r[0]));
    }

    [Fact]
    public async Task A_coordinator_killed_and_restarted_mid_sweep_resumes_and_runs_no_completed_cell_again()
    {
        using var cluster = new TestCluster(output);
        var first = cluster.Coordinator();
        cluster.Worker();
        // Fused groups of two, so that the sweep is still mid-way when two cells are written.
        cluster.Submit(cluster.WriteSweep("resumed", cells: 8, epochs: 8, fuse: "2"));
        await cluster.WaitUntilAsync("two cells are written", async () => (await cluster.CellStatesAsync("resumed")).Values.Count(s => s == "completed") >= 2);
        first.Kill();
        var writtenBefore = cluster.Writes("resumed", first).Keys.ToList();

        var second = cluster.Coordinator();
        await cluster.WaitForFinishAsync("resumed");

        var rows = cluster.CellRows("resumed");
        Assert.Equal(8, rows.Count);
        Assert.Equal(8, rows.Select(r => r.CellId).Distinct().Count());
        Assert.All((await cluster.TakesAsync("resumed")).Values, n => Assert.Equal(1, n));
        var writes = cluster.Writes("resumed", first, second);
        Assert.Equal(8, writes.Count);
        Assert.All(writes.Values, n => Assert.Equal(1, n));
        Assert.All(writtenBefore, cell => Assert.DoesNotContain($"Cell {cell} of resumed is written", second.Output, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_coordinator_that_stopped_after_the_last_write_but_before_marking_the_sweep_finished_is_replaced_by_one_that_finishes_it()
    {
        using var cluster = new TestCluster(output);
        var first = cluster.Coordinator();
        cluster.Worker();
        cluster.Submit(cluster.WriteSweep("window", cells: 3));
        await cluster.WaitForFinishAsync("window");
        first.Kill();

        // Put Redis back as the killed coordinator would have left it between its last write and the finish.
        await cluster.Db.HashSetAsync("hdc:window:meta", "state", "running");
        await cluster.Db.SetAddAsync("hdc:active", "window");
        var second = cluster.Coordinator();

        await cluster.WaitForFinishAsync("window");
        Assert.Contains("Sweep window finished: 3 completed", second.Output, StringComparison.Ordinal);
        Assert.Equal(3, cluster.CellRows("window").Count);
    }

    [Fact]
    public async Task Redis_killed_and_restarted_with_its_append_only_file_loses_nothing_completed()
    {
        using var cluster = new TestCluster(output);
        var coordinator = cluster.Coordinator();
        cluster.Worker();
        // Fused groups of two, so that Redis dies mid-sweep.
        cluster.Submit(cluster.WriteSweep("durable", cells: 8, epochs: 8, fuse: "2"));
        await cluster.WaitUntilAsync("three cells are written", async () => (await cluster.CellStatesAsync("durable")).Values.Count(s => s == "completed") >= 3);
        var before = (await cluster.CellStatesAsync("durable")).Where(kv => kv.Value == "completed").Select(kv => kv.Key).ToList();

        cluster.Redis.KillAndRestart();
        Dictionary<string, string> after = [];
        await cluster.WaitUntilAsync("Redis answers again", async () => (after = await cluster.CellStatesAsync("durable")).Count > 0);
        Assert.All(before, cell => Assert.Equal("completed", after[cell]));

        await cluster.WaitForFinishAsync("durable");
        var rows = cluster.CellRows("durable");
        Assert.Equal(8, rows.Count);
        Assert.Equal(8, rows.Select(r => r.CellId).Distinct().Count());
        var takes = await cluster.TakesAsync("durable");
        Assert.All(before, cell => Assert.Equal(1, takes[cell]));
        Assert.All(cluster.Writes("durable", coordinator).Values, n => Assert.Equal(1, n));
    }

    [Fact]
    public async Task A_malformed_or_foreign_message_goes_to_the_dead_letter_stream_with_a_log_line_and_nothing_stops()
    {
        using var cluster = new TestCluster(output);
        var coordinator = cluster.Coordinator();
        cluster.Submit(cluster.WriteSweep("poisoned", cells: 4));
        await cluster.WaitUntilAsync("the sweep's cells are queued", async () => (await cluster.Db.StreamLengthAsync("hdc:poisoned:cells")) == 4);

        // A foreign entry among the cells (before any worker exists, so one will read it) and a broken result.
        await cluster.Db.StreamAddAsync("hdc:poisoned:cells", [new NameValueEntry("hello", "world")]);
        await cluster.Db.StreamAddAsync("hdc:results", [new NameValueEntry("sweep", "poisoned"), new NameValueEntry("cell", "0123"), new NameValueEntry("attempt", "x")]);
        var worker = cluster.Worker();

        await cluster.WaitForFinishAsync("poisoned");
        Assert.Equal(4, cluster.CellRows("poisoned").Count);

        // The foreign entry sits behind the four cells, so the worker may reach it only after the sweep is done.
        await cluster.WaitUntilAsync("both entries are dead-lettered", async () => (await cluster.Db.StreamLengthAsync("hdc:deadletter")) >= 2);
        await cluster.WaitUntilAsync("the worker has logged its dead letter", () => Task.FromResult(worker.Output.Contains("Dead-lettered entry", StringComparison.Ordinal)));
        var dead = await cluster.Db.StreamRangeAsync("hdc:deadletter");
        Assert.Equal(2, dead.Length);
        Assert.Contains(dead, d => d["stream"] == "hdc:poisoned:cells" && d["field:hello"] == "world");
        Assert.Contains(dead, d => d["stream"] == "hdc:results" && d["field:attempt"] == "x" && !d["reason"].IsNullOrEmpty);
        Assert.Contains("Dead-lettered entry", worker.Output, StringComparison.Ordinal);
        Assert.Contains("Dead-lettered entry", coordinator.Output, StringComparison.Ordinal);
        Assert.False(coordinator.HasExited);
        Assert.False(worker.HasExited);
    }

    [Fact]
    public void A_wrong_password_is_refused_with_a_clear_error_naming_the_endpoint_and_not_the_password()
    {
        using var cluster = new TestCluster(output);
        const string wrong = "not-the-password-42";
        foreach (var command in new[] { new[] { "status", "--config", cluster.ConfigPath }, ["coordinator", "--config", cluster.ConfigPath] })
        {
            var (code, text) = cluster.Run(cluster.Environment(wrong), command);
            Assert.Equal(3, code);
            Assert.Contains($"Redis at {cluster.Redis.Endpoint} refused the password from $HDC_REDIS_PASSWORD", text, StringComparison.Ordinal);
            Assert.DoesNotContain(wrong, text, StringComparison.Ordinal);
        }
    }
}
