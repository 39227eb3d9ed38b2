using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;

namespace HdCluster.Engine.Cluster.Tests;

/// <summary>
/// How nodes form a cluster from what the Kubernetes lookup finds: every pod found is a seed, lowest address first,
/// and a node waits until the required number of pods is listed. Akka's config-based discovery stands in for the
/// Kubernetes API (none runs here); what is ours, and tested, is what the joiner does with the pods it is given.
/// </summary>
public sealed class KubernetesSeedJoinerTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private readonly List<ActorSystem> systems = [];

    [Fact]
    public async Task Nodes_that_find_each_other_form_one_cluster_and_the_lowest_address_forms_it()
    {
        var ports = new[] { TestCluster.FreePort(), TestCluster.FreePort() }.Order().ToArray();
        // The pods listed highest address first: the joiner must not depend on the API's order.
        var pods = ports.Reverse().ToArray();
        var low = Start(ports[0], pods, requiredContactPoints: 2);
        var high = Start(ports[1], pods, requiredContactPoints: 2);

        await UntilAsync(() => Up(low) == 2 && Up(high) == 2, "both nodes Up in one cluster of two");

        var oldest = Akka.Cluster.Cluster.Get(low).State.Members.MinBy(m => m, Member.AgeOrdering)!;
        Assert.Equal(ports[0], oldest.Address.Port);
    }

    [Fact]
    public async Task A_node_does_not_form_a_cluster_while_fewer_pods_than_required_are_listed()
    {
        var waiting = Start(TestCluster.FreePort(), [], requiredContactPoints: 2, podsFromOwnPort: true);
        var enough = Start(TestCluster.FreePort(), [], requiredContactPoints: 1, podsFromOwnPort: true);

        // The same lookup result (the node itself): enough for one, too few for the other, which keeps looking.
        await UntilAsync(() => Up(enough) == 1, "a node that needs one pod forms its cluster");
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(0, Up(waiting));
    }

    public void Dispose()
    {
        foreach (var system in systems)
        {
            system.Terminate().Wait(TimeSpan.FromSeconds(10));
        }
    }

    private ActorSystem Start(int port, IReadOnlyList<int> pods, int requiredContactPoints, bool podsFromOwnPort = false)
    {
        var settings = ClusterSettings.Parse(
            $"cluster_name: kube-test\nhost: 127.0.0.1\nport: {port}\ndiscovery: kubernetes\nresults_root: /tmp\nkubernetes:\n  required_contact_points: {requiredContactPoints}\n",
            "cluster.yaml",
            _ => null);
        pods = podsFromOwnPort ? [port] : pods;
        var endpoints = string.Join(", ", pods.Select(p => $"\"127.0.0.1:{p}\""));
        var hocon = $$"""
            akka.actor.provider = cluster
            akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = {{port}} }
            akka.cluster.seed-nodes = []
            akka.discovery.method = config
            akka.discovery.config.services.kube-test.endpoints = [{{endpoints}}]
            akka.loglevel = WARNING
            """;
        var system = ActorSystem.Create("kube-test", ConfigurationFactory.ParseString(hocon));
        systems.Add(system);
        system.ActorOf(KubernetesSeedJoiner.Props(settings, Serilog.Core.Logger.None), "kubernetes-seeds");
        return system;
    }

    private static int Up(ActorSystem system) => Akka.Cluster.Cluster.Get(system).State.Members.Count(m => m.Status == MemberStatus.Up);

    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not within {Bound.TotalSeconds} s: {what}");
            await Task.Delay(100);
        }
    }
}
