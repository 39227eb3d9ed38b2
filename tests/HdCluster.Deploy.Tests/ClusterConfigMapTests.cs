using YamlDotNet.RepresentationModel;
using static HdCluster.Deploy.Tests.Yaml;

namespace HdCluster.Deploy.Tests;

/// <summary>
/// The ConfigMap is cluster-config/cluster.yaml itself; what the manifests do not override must agree with them: its
/// pod label selector picks exactly the cluster's pods, and the variable it reads the TLS password from is the one the
/// manifests fill from the Secret.
/// </summary>
public class ClusterConfigMapTests
{
    public static TheoryData<string> Overlays => new() { "cpu-dev", "gpu" };

    [Theory]
    [MemberData(nameof(Overlays))]
    public void The_configs_pod_label_selector_picks_the_coordinator_and_the_workers_and_nothing_else(string overlay)
    {
        var docs = Manifests.Render(overlay);
        var selector = Text(Config(docs), "kubernetes", "pod_label_selector").Split(',')
            .Select(term => term.Split('=', 2))
            .ToDictionary(kv => kv[0].Trim(), kv => kv.Length == 2 ? kv[1].Trim() : "");
        var selected = docs.Where(d => Has(d, "spec", "template") && Matches(selector, Labels(Node(d, "spec", "template"))))
            .Select(d => $"{Kind(d)}/{Name(d)}").Order(StringComparer.Ordinal);
        Assert.Equal(["Deployment/hdc-worker", "StatefulSet/hdc-coordinator"], selected);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void The_TLS_password_variable_the_config_names_is_the_one_filled_from_the_secret(string overlay)
    {
        var docs = Manifests.Render(overlay);
        var variable = Text(Config(docs), "tls", "password_env");
        Assert.NotEqual("", variable);
        foreach (var workload in new[] { Single(docs, "StatefulSet", "hdc-coordinator"), Single(docs, "Deployment", "hdc-worker") })
        {
            var container = Assert.Single(Items(workload, "spec", "template", "spec", "containers"));
            var env = Assert.Single(Items(container, "env"), e => Text(e, "name") == variable);
            Assert.Equal("hdc-remoting-tls", Text(env, "valueFrom", "secretKeyRef", "name"));
        }
    }

    // The cluster.yaml inside the rendered ConfigMap, parsed.
    private static YamlMappingNode Config(IReadOnlyList<YamlMappingNode> docs)
    {
        var map = Assert.Single(docs, d => Kind(d) == "ConfigMap" && Name(d).StartsWith("hdc-cluster-config", StringComparison.Ordinal));
        var yaml = new YamlStream();
        yaml.Load(new StringReader(Text(map, "data", "cluster.yaml")));
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }
}
