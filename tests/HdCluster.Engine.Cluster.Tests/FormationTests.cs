namespace HdCluster.Engine.Cluster.Tests;

/// <summary>Real hdc processes forming, losing and refusing members (loopback, free ports, every wait bounded).</summary>
public sealed class FormationTests
{
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_coordinator_and_two_workers_form_one_cluster_and_each_is_ready()
    {
        using var cluster = new TestCluster();
        var (coordinator, coordinatorHealth) = cluster.Start("coordinator", "coordinator");
        await coordinator.WaitForLineAsync(@"is up with roles coordinator", Startup);
        var (first, firstHealth) = cluster.Start("worker-1", "worker");
        var (second, secondHealth) = cluster.Start("worker-2", "worker");
        var firstAddress = (await first.WaitForLineAsync(@"Node (\S+) started as worker", Startup)).Match.Groups[1].Value;
        var secondAddress = (await second.WaitForLineAsync(@"Node (\S+) started as worker", Startup)).Match.Groups[1].Value;

        await coordinator.WaitForLineAsync($@"Node {Regex(firstAddress)} is up with roles worker", Startup);
        await coordinator.WaitForLineAsync($@"Node {Regex(secondAddress)} is up with roles worker", Startup);
        foreach (var port in new[] { coordinatorHealth, firstHealth, secondHealth })
        {
            await TestCluster.WaitForProbeAsync(port, "/ready", 200, Startup);
            Assert.Equal(200, await TestCluster.ProbeAsync(port, "/alive"));
        }
    }

    [Fact]
    public async Task A_killed_worker_is_removed_within_fifteen_seconds_and_the_rest_stay_ready()
    {
        using var cluster = new TestCluster();
        var (coordinator, coordinatorHealth) = cluster.Start("coordinator", "coordinator");
        await coordinator.WaitForLineAsync(@"is up with roles coordinator", Startup);
        var (doomed, _) = cluster.Start("worker-1", "worker");
        var (survivor, survivorHealth) = cluster.Start("worker-2", "worker");
        var doomedAddress = (await doomed.WaitForLineAsync(@"Node (\S+) started as worker", Startup)).Match.Groups[1].Value;
        var survivorAddress = (await survivor.WaitForLineAsync(@"Node (\S+) started as worker", Startup)).Match.Groups[1].Value;
        await coordinator.WaitForLineAsync($@"Node {Regex(doomedAddress)} is up", Startup);
        await coordinator.WaitForLineAsync($@"Node {Regex(survivorAddress)} is up", Startup);

        var killedAt = DateTime.UtcNow;
        doomed.Kill();
        var (removedAt, _) = await coordinator.WaitForLineAsync($@"Node {Regex(doomedAddress)} was removed", TimeSpan.FromSeconds(30));

        // Failure detector (1 s heartbeats, 3 s pause) + the resolver's 5 s stable-after + a gossip round: about 11 s.
        var elapsed = removedAt - killedAt;
        Assert.True(elapsed < TimeSpan.FromSeconds(15), $"removed {elapsed.TotalSeconds:0.0} s after the kill");
        Assert.False(coordinator.HasLine($@"Node {Regex(survivorAddress)} was (downed|removed)"));
        Assert.Equal(200, await TestCluster.ProbeAsync(coordinatorHealth, "/ready"));
        Assert.Equal(200, await TestCluster.ProbeAsync(survivorHealth, "/ready"));
    }

    [Fact]
    public async Task A_node_with_another_cluster_name_cannot_join()
    {
        using var cluster = new TestCluster();
        var (coordinator, _) = cluster.Start("coordinator", "coordinator");
        await coordinator.WaitForLineAsync(@"is up with roles coordinator", Startup);
        var (stranger, strangerHealth) = cluster.Start("stranger", "worker", new() { ["HDC_CLUSTER_NAME"] = "othercluster" });
        await stranger.WaitForLineAsync(@"Node \S+ started as worker", Startup);

        // Ten seconds is five join retries (retry-unsuccessful-join-after = 2 s): none may succeed.
        await Task.Delay(TimeSpan.FromSeconds(10));
        Assert.False(coordinator.HasLine(@"roles worker"), cluster.AllOutput());
        Assert.Equal(503, await TestCluster.ProbeAsync(strangerHealth, "/ready"));
    }

    private static string Regex(string text) => System.Text.RegularExpressions.Regex.Escape(text);
}
