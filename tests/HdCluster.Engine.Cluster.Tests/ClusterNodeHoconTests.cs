using Akka.Configuration;

namespace HdCluster.Engine.Cluster.Tests;

public sealed class ClusterNodeHoconTests
{
    private static readonly ClusterSettings Settings =
        ClusterSettings.Parse("seed_nodes: [10.0.0.1:4053, 10.0.0.2:4053]\nresults_root: /results\n", "cluster.yaml", _ => null);

    private static Config Node(ClusterRole role) => ConfigurationFactory.ParseString(ClusterNodeHocon.For(Settings, role, 4053));

    [Fact]
    public void The_split_brain_resolver_keeps_the_oldest_side_and_downs_the_oldest_when_it_is_alone_after_five_quiet_seconds()
    {
        var config = Node(ClusterRole.Worker);
        Assert.Equal("Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster", config.GetString("akka.cluster.downing-provider-class"));
        Assert.Equal("keep-oldest", config.GetString("akka.cluster.split-brain-resolver.active-strategy"));
        Assert.Equal(TimeSpan.FromSeconds(5), config.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after"));
        Assert.True(config.GetBoolean("akka.cluster.split-brain-resolver.keep-oldest.down-if-alone"));
        Assert.Equal("", config.GetString("akka.cluster.split-brain-resolver.keep-oldest.role"));
        Assert.True(config.GetBoolean("akka.cluster.run-coordinated-shutdown-when-down"));
    }

    [Fact]
    public void Membership_timings_are_the_documented_ones()
    {
        var config = Node(ClusterRole.Worker);
        Assert.Equal(TimeSpan.FromSeconds(2), config.GetTimeSpan("akka.cluster.retry-unsuccessful-join-after"));
        Assert.Equal(TimeSpan.FromSeconds(1), config.GetTimeSpan("akka.cluster.failure-detector.heartbeat-interval"));
        Assert.Equal(TimeSpan.FromSeconds(3), config.GetTimeSpan("akka.cluster.failure-detector.acceptable-heartbeat-pause"));
    }

    [Fact]
    public void Every_seed_node_is_an_address_of_the_cluster_name()
    {
        var config = Node(ClusterRole.Coordinator);
        Assert.Equal(["akka.tcp://hdcluster@10.0.0.1:4053", "akka.tcp://hdcluster@10.0.0.2:4053"], config.GetStringList("akka.cluster.seed-nodes"));
        Assert.Equal(["coordinator"], config.GetStringList("akka.cluster.roles"));
        Assert.Equal(["worker"], Node(ClusterRole.Worker).GetStringList("akka.cluster.roles"));
    }

    [Fact]
    public void Only_the_coordinator_has_the_sqlite_journal_at_journal_path()
    {
        var coordinator = Node(ClusterRole.Coordinator);
        Assert.Equal("akka.persistence.journal.sql", coordinator.GetString("akka.persistence.journal.plugin"));
        Assert.Equal("SQLite.MS", coordinator.GetString("akka.persistence.journal.sql.provider-name"));
        Assert.Contains($"Data Source={Path.GetFullPath("/results/.hdc/journal.db")}", coordinator.GetString("akka.persistence.journal.sql.connection-string"));
        Assert.Equal("akka.persistence.snapshot-store.sql", coordinator.GetString("akka.persistence.snapshot-store.plugin"));
        Assert.False(Node(ClusterRole.Worker).HasPath("akka.persistence.journal.plugin"));
    }

    [Fact]
    public void Remoting_frames_hold_a_cell_with_many_curve_rows_and_a_client_is_not_a_member()
    {
        Assert.Equal(32L * 1024 * 1024, Node(ClusterRole.Worker).GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size"));
        Assert.Equal("remote", Node(ClusterRole.Client).GetString("akka.actor.provider"));
        Assert.False(Node(ClusterRole.Client).HasPath("akka.cluster.roles"));
    }
}
