using System.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace HdCluster.Cluster.Redis.Tests;

/// <summary>
/// The manifests in <c>k8s/</c>, rendered offline with kustomize (or <c>kubectl kustomize</c>) and checked for what
/// the cluster needs: every kind present, non-root containers with limits and probes, GPUs requested only in the
/// gpu overlay, Redis reachable only from the cluster's own pods, the password only from the Secret. A structural
/// check, not a schema validation: no Kubernetes schema validator is obtainable offline here.
/// </summary>
public class KubernetesManifestTests
{
    public static TheoryData<string> Overlays => new() { "cpu-dev", "gpu" };

    [Theory]
    [MemberData(nameof(Overlays))]
    public void The_overlay_renders_every_part_of_the_cluster(string overlay)
    {
        var docs = Render(overlay);
        Assert.Single(docs, d => Kind(d) == "Namespace");
        Assert.Single(docs, d => Kind(d) == "StatefulSet" && Name(d) == "hdc-redis" && Has(d, "spec", "volumeClaimTemplates"));
        Assert.Single(docs, d => Kind(d) == "Service" && Name(d) == "hdc-redis");
        Assert.Single(docs, d => Kind(d) == "Deployment" && Name(d) == "hdc-coordinator");
        Assert.Single(docs, d => Kind(d) == "Deployment" && Name(d) == "hdc-worker");
        Assert.Single(docs, d => Kind(d) == "PersistentVolumeClaim" && Name(d) == "hdc-results");
        Assert.Single(docs, d => Kind(d) == "NetworkPolicy");
        var config = Assert.Single(docs, d => Kind(d) == "ConfigMap" && Name(d).StartsWith("hdc-cluster-config", StringComparison.Ordinal));
        Assert.Equal(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "cluster-config", "cluster.yaml")), Text(config, "data", "cluster.yaml"));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_container_runs_as_non_root_with_resource_limits_and_long_running_ones_have_probes(string overlay)
    {
        foreach (var doc in Render(overlay).Where(d => Kind(d) is "Deployment" or "StatefulSet" or "Job"))
        {
            var pod = Node(doc, "spec", "template", "spec");
            Assert.True(Text(pod, "securityContext", "runAsNonRoot") == "true", $"{Name(doc)}: runAsNonRoot");
            Assert.NotEqual("0", Text(pod, "securityContext", "runAsUser"));
            foreach (var container in ((YamlSequenceNode)pod["containers"]).Cast<YamlMappingNode>())
            {
                var what = $"{Name(doc)}/{Text(container, "name")}";
                Assert.True(Text(container, "securityContext", "allowPrivilegeEscalation") == "false", $"{what}: allowPrivilegeEscalation");
                Assert.True(Has(container, "resources", "limits", "cpu") && Has(container, "resources", "limits", "memory"), $"{what}: limits");
                if (Kind(doc) != "Job")
                {
                    Assert.True(Has(container, "livenessProbe") && Has(container, "readinessProbe"), $"{what}: probes");
                }
            }
        }
    }

    [Fact]
    public void Gpu_workers_request_one_gpu_each_and_cpu_dev_workers_none()
    {
        var gpu = Worker("gpu");
        Assert.Equal("1", Text(gpu, "resources", "limits", "nvidia.com/gpu"));
        Assert.Equal("1", Text(gpu, "resources", "requests", "nvidia.com/gpu"));
        Assert.EndsWith(":cuda", Text(gpu, "image"), StringComparison.Ordinal);
        Assert.False(Has(Worker("cpu-dev"), "resources", "limits", "nvidia.com/gpu"));
        Assert.EndsWith(":cpu", Text(Worker("cpu-dev"), "image"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Redis_admits_only_the_coordinator_and_worker_pods(string overlay)
    {
        var docs = Render(overlay);
        var policy = Assert.Single(docs, d => Kind(d) == "NetworkPolicy");
        var redisPod = Labels(Node(Single(docs, "StatefulSet", "hdc-redis"), "spec", "template"));
        Assert.True(Matches(Labels(Node(policy, "spec", "podSelector")), redisPod), "the policy selects the Redis pod");
        Assert.Contains("Ingress", ((YamlSequenceNode)Node(policy, "spec")["policyTypes"]).Select(n => n.ToString()));
        var from = ((YamlSequenceNode)Node(policy, "spec")["ingress"]).Cast<YamlMappingNode>()
            .SelectMany(i => ((YamlSequenceNode)i["from"]).Cast<YamlMappingNode>()).ToList();
        Assert.All(from, f => Assert.True(Has(f, "podSelector") && !Has(f, "namespaceSelector") && !Has(f, "ipBlock"), "only pods of this namespace"));
        bool Admitted(YamlMappingNode workload) => from.Any(f => Matches(Labels(Node(f, "podSelector")), Labels(Node(workload, "spec", "template"))));
        Assert.True(Admitted(Single(docs, "Deployment", "hdc-coordinator")));
        Assert.True(Admitted(Single(docs, "Deployment", "hdc-worker")));
        Assert.False(Admitted(Single(docs, "Job", "hdc-data-fetch")));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void The_redis_password_comes_only_from_the_secret(string overlay)
    {
        var docs = Render(overlay);
        var secretNames = new HashSet<string>();
        foreach (var doc in docs.Where(d => Kind(d) is "Deployment" or "StatefulSet"))
        {
            foreach (var container in ((YamlSequenceNode)Node(doc, "spec", "template", "spec")["containers"]).Cast<YamlMappingNode>())
            {
                foreach (var env in ((YamlSequenceNode)container["env"]).Cast<YamlMappingNode>().Where(e => Text(e, "name").Contains("PASSWORD", StringComparison.Ordinal)))
                {
                    Assert.False(Has(env, "value"), $"{Name(doc)}: {Text(env, "name")} is written in the manifest");
                    Assert.Equal("password", Text(env, "valueFrom", "secretKeyRef", "key"));
                    secretNames.Add(Text(env, "valueFrom", "secretKeyRef", "name"));
                }
            }
        }

        var name = Assert.Single(secretNames);
        Assert.StartsWith("hdc-redis", name, StringComparison.Ordinal);
        var redisArgs = ((YamlSequenceNode)Node(Single(docs, "StatefulSet", "hdc-redis"), "spec", "template", "spec")["containers"][0]["args"]).Select(a => a.ToString()).ToList();
        Assert.Equal("$(REDIS_PASSWORD)", redisArgs[redisArgs.IndexOf("--requirepass") + 1]);
        Assert.Equal("yes", redisArgs[redisArgs.IndexOf("--appendonly") + 1]);
        if (overlay == "cpu-dev")
        {
            Assert.Single(docs, d => Kind(d) == "Secret" && Name(d) == name);
        }
    }

    private static YamlMappingNode Worker(string overlay) =>
        (YamlMappingNode)((YamlSequenceNode)Node(Single(Render(overlay), "Deployment", "hdc-worker"), "spec", "template", "spec")["containers"])[0];

    private static YamlMappingNode Single(IReadOnlyList<YamlMappingNode> docs, string kind, string name) => Assert.Single(docs, d => Kind(d) == kind && Name(d) == name);

    private static string Kind(YamlMappingNode doc) => Text(doc, "kind");

    private static string Name(YamlMappingNode doc) => Text(doc, "metadata", "name");

    private static Dictionary<string, string> Labels(YamlMappingNode node) =>
        node.Children.TryGetValue("matchLabels", out var match) || (node.Children.TryGetValue("metadata", out var meta) && ((YamlMappingNode)meta).Children.TryGetValue("labels", out match))
            ? ((YamlMappingNode)match).Children.ToDictionary(kv => kv.Key.ToString(), kv => kv.Value.ToString())
            : [];

    // A selector matches when every label it names is on the pod with the same value.
    private static bool Matches(Dictionary<string, string> selector, Dictionary<string, string> labels) =>
        selector.Count > 0 && selector.All(kv => labels.TryGetValue(kv.Key, out var v) && v == kv.Value);

    private static YamlMappingNode Node(YamlMappingNode node, params string[] path) =>
        path.Aggregate(node, (n, key) => (YamlMappingNode)n[key]);

    private static bool Has(YamlMappingNode node, params string[] path)
    {
        YamlNode current = node;
        foreach (var key in path)
        {
            if (current is not YamlMappingNode map || !map.Children.TryGetValue(key, out var next))
            {
                return false;
            }

            current = next;
        }

        return true;
    }

    private static string Text(YamlMappingNode node, params string[] path) =>
        Has(node, path) ? Node(node, path[..^1])[path[^1]].ToString() : "";

    private static readonly Dictionary<string, IReadOnlyList<YamlMappingNode>> Rendered = [];

    private static IReadOnlyList<YamlMappingNode> Render(string overlay)
    {
        lock (Rendered)
        {
            if (!Rendered.TryGetValue(overlay, out var docs))
            {
                var yaml = new YamlStream();
                yaml.Load(new StringReader(Kustomize(Path.Combine(TestPaths.RepositoryRoot, "k8s", "overlays", overlay))));
                Rendered[overlay] = docs = yaml.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
            }

            return docs;
        }
    }

    // kustomize when installed, else kubectl's built-in one. The ConfigMap comes from ../../cluster-config, outside the
    // kustomization's folder, which kustomize refuses unless told otherwise.
    private static string Kustomize(string folder)
    {
        (string File, string[] Args)[] tools =
        [
            ("kustomize", ["build", "--load-restrictor", "LoadRestrictionsNone", folder]),
            ("kubectl", ["kustomize", "--load-restrictor", "LoadRestrictionsNone", folder]),
        ];
        foreach (var (file, args) in tools)
        {
            var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in args)
            {
                info.ArgumentList.Add(a);
            }

            Process process;
            try
            {
                process = Process.Start(info)!;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                continue;
            }

            using (process)
            {
                var stderr = process.StandardError.ReadToEndAsync();
                var output = process.StandardOutput.ReadToEnd();
                Assert.True(process.WaitForExit(60_000), $"{file} did not finish within 60 s");
                Assert.True(process.ExitCode == 0, $"{file} {string.Join(" ", args)} failed: {stderr.Result}");
                return output;
            }
        }

        Assert.Fail("neither kustomize nor kubectl is installed; the manifests cannot be rendered (apt-get install kubectl, or kustomize)");
        return "";
    }
}
