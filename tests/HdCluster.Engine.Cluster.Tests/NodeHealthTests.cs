using Akka.Cluster;

namespace HdCluster.Engine.Cluster.Tests;

public sealed class NodeHealthTests
{
    [Fact]
    public async Task A_node_is_ready_only_while_it_is_an_up_member_and_not_after_it_left()
    {
        var settings = ClusterSettings.Parse("seed_nodes: [127.0.0.1:4053]\n", "cluster.yaml", _ => null);
        var hocon = ClusterNodeHocon.For(settings, ClusterRole.Worker, 0) + "\nakka.cluster.seed-nodes = []\n";
        using var system = TestSystems.Create("hdcluster", hocon, new WireManifests([]));
        var cluster = Akka.Cluster.Cluster.Get(system);
        Assert.False(NodeHealth.IsReady(system));
        Assert.True(NodeHealth.IsAlive(system));

        cluster.Join(cluster.SelfAddress);
        await Until(() => cluster.SelfMember.Status == MemberStatus.Up, "the node is Up");
        Assert.True(NodeHealth.IsReady(system));

        await cluster.LeaveAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(NodeHealth.IsReady(system));
    }

    private static async Task Until(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            await Task.Delay(100);
        }
    }
}
