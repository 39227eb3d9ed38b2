using YamlDotNet.RepresentationModel;
using static HdCluster.Deploy.Tests.Yaml;

namespace HdCluster.Deploy.Tests;

/// <summary>
/// The NetworkPolicy: the cluster's pods admit only each other, and only to the remoting and management ports; outbound
/// they reach each other on those ports, DNS and the Kubernetes API that the discovery reads. The data Job is not
/// a cluster member and the policy leaves it alone.
/// </summary>
public class NetworkPolicyTests
{
    public static TheoryData<string> Overlays => new() { "cpu-dev", "gpu" };

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Only_cluster_pods_reach_the_remoting_and_management_ports(string overlay)
    {
        var docs = Manifests.Render(overlay);
        var policy = Assert.Single(docs, d => Kind(d) == "NetworkPolicy");
        var members = Members(docs);
        Assert.All(members, m => Assert.True(Matches(Labels(Node(policy, "spec", "podSelector")), PodLabels(m)), $"the policy selects {Name(m)}"));
        Assert.False(Matches(Labels(Node(policy, "spec", "podSelector")), PodLabels(Single(docs, "Job", "hdc-data-fetch"))), "the policy leaves the data Job alone");
        Assert.Equal(["Egress", "Ingress"], Strings(policy, "spec", "policyTypes").Order(StringComparer.Ordinal));

        var ingress = Assert.Single(Items(policy, "spec", "ingress"));
        var from = Items(ingress, "from");
        Assert.NotEmpty(from);
        Assert.All(from, f => Assert.True(Has(f, "podSelector") && !Has(f, "namespaceSelector") && !Has(f, "ipBlock"), "only pods of this namespace"));
        bool Admitted(YamlMappingNode workload) => from.Any(f => Matches(Labels(Node(f, "podSelector")), PodLabels(workload)));
        Assert.All(members, m => Assert.True(Admitted(m), $"{Name(m)} is admitted"));
        Assert.False(Admitted(Single(docs, "Job", "hdc-data-fetch")), "the data Job is not admitted");
        Assert.Equal(["TCP/management", "TCP/remoting"], Ports(ingress));

        // Named ports mean the same number on every member.
        foreach (var member in members)
        {
            var named = Items(Assert.Single(Items(member, "spec", "template", "spec", "containers")), "ports").Select(p => Text(p, "name"));
            Assert.Contains("remoting", named);
            Assert.Contains("management", named);
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Outbound_the_cluster_pods_reach_each_other_DNS_and_the_Kubernetes_API_only(string overlay)
    {
        var docs = Manifests.Render(overlay);
        var egress = Items(Assert.Single(docs, d => Kind(d) == "NetworkPolicy"), "spec", "egress");
        Assert.Equal(3, egress.Count);

        var peers = Assert.Single(egress, e => Items(e, "to").Any(t => Has(t, "podSelector") && !Has(t, "namespaceSelector")));
        Assert.All(Members(docs), m => Assert.True(Items(peers, "to").Any(t => Matches(Labels(Node(t, "podSelector")), PodLabels(m))), $"{Name(m)} is reachable"));
        Assert.Equal(["TCP/management", "TCP/remoting"], Ports(peers));

        var dns = Assert.Single(egress, e => Items(e, "to").Any(t => Has(t, "namespaceSelector")));
        var to = Assert.Single(Items(dns, "to"));
        Assert.Equal("kube-system", Text(to, "namespaceSelector", "matchLabels", "kubernetes.io/metadata.name"));
        Assert.Equal("kube-dns", Text(to, "podSelector", "matchLabels", "k8s-app"));
        Assert.Equal(["TCP/53", "UDP/53"], Ports(dns));

        // The API server is not a pod: its rule names ports only, and only the API's.
        var api = Assert.Single(egress, e => !Has(e, "to"));
        Assert.Equal(["TCP/443", "TCP/6443"], Ports(api));
    }

    private static IReadOnlyList<YamlMappingNode> Members(IReadOnlyList<YamlMappingNode> docs) =>
        [Single(docs, "StatefulSet", "hdc-coordinator"), Single(docs, "Deployment", "hdc-worker")];

    private static Dictionary<string, string> PodLabels(YamlMappingNode workload) => Labels(Node(workload, "spec", "template"));

    private static IReadOnlyList<string> Ports(YamlMappingNode rule) =>
        Items(rule, "ports").Select(p => $"{Text(p, "protocol")}/{Text(p, "port")}").Order(StringComparer.Ordinal).ToList();
}
