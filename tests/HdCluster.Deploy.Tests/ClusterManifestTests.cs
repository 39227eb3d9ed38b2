using System.Globalization;
using YamlDotNet.RepresentationModel;
using static HdCluster.Deploy.Tests.Yaml;

namespace HdCluster.Deploy.Tests;

/// <summary>
/// What the rendered overlays give the Akka.NET cluster: discovery through the Kubernetes API (a service account that
/// may read pods, named ports, the pod IP from the downward API), a one-replica coordinator StatefulSet with its journal
/// volume, workers on the shared results volume, probes on the nodes' health endpoints, remoting TLS from the
/// Secret mounted as a file, threads within the CPU limits, non-root containers, and nothing of Redis.
/// </summary>
public class ClusterManifestTests
{
    private const string PartOf = "app.kubernetes.io/part-of";
    private const string TlsSecret = "hdc-remoting-tls";

    public static TheoryData<string> Overlays => new() { "cpu-dev", "gpu" };

    [Theory]
    [MemberData(nameof(Overlays))]
    public void The_overlay_renders_every_part_of_the_cluster(string overlay)
    {
        var docs = Manifests.Render(overlay);
        Assert.Single(docs, d => Kind(d) == "Namespace");
        Single(docs, "ServiceAccount", "hdc-cluster");
        Assert.Single(docs, d => Kind(d) == "Role");
        Assert.Single(docs, d => Kind(d) == "RoleBinding");
        Single(docs, "Service", "hdc-cluster");
        Single(docs, "StatefulSet", "hdc-coordinator");
        Single(docs, "Deployment", "hdc-worker");
        Single(docs, "PersistentVolumeClaim", "hdc-results");
        Single(docs, "PersistentVolumeClaim", "hdc-data");
        Single(docs, "Job", "hdc-data-fetch");
        Assert.Single(docs, d => Kind(d) == "NetworkPolicy");
        var config = Assert.Single(docs, d => Kind(d) == "ConfigMap" && Name(d).StartsWith("hdc-cluster-config", StringComparison.Ordinal));
        Assert.Equal(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "cluster-config", "cluster.yaml")), Text(config, "data", "cluster.yaml"));
        // The TLS Secret holds a private key: it is made for each cluster (docs/cluster.md), never rendered from the repository.
        Assert.DoesNotContain(docs, d => Kind(d) == "Secret");
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Discovery_may_read_the_pods_of_its_namespace_and_nothing_else(string overlay)
    {
        var docs = Manifests.Render(overlay);
        var role = Assert.Single(docs, d => Kind(d) == "Role");
        var rule = Assert.Single(Items(role, "rules"));
        Assert.Equal([""], Strings(rule, "apiGroups"));
        Assert.Equal(["pods"], Strings(rule, "resources"));
        Assert.Equal(["get", "list", "watch"], Strings(rule, "verbs").Order(StringComparer.Ordinal));

        var binding = Assert.Single(docs, d => Kind(d) == "RoleBinding");
        Assert.Equal("Role", Text(binding, "roleRef", "kind"));
        Assert.Equal(Name(role), Text(binding, "roleRef", "name"));
        var subject = Assert.Single(Items(binding, "subjects"));
        Assert.Equal("ServiceAccount", Text(subject, "kind"));
        Assert.Equal("hdc-cluster", Text(subject, "name"));
        Assert.Equal("hdcluster", Text(subject, "namespace"));

        foreach (var workload in ClusterWorkloads(docs))
        {
            var pod = Node(workload, "spec", "template", "spec");
            Assert.Equal("hdc-cluster", Text(pod, "serviceAccountName"));
            Assert.True(Text(pod, "automountServiceAccountToken") == "true", $"{Name(workload)}: the discovery needs the account's token");
        }

        var job = Node(Single(docs, "Job", "hdc-data-fetch"), "spec", "template", "spec");
        Assert.NotEqual("hdc-cluster", Text(job, "serviceAccountName"));
        Assert.Equal("false", Text(job, "automountServiceAccountToken"));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Only_the_coordinator_and_the_workers_carry_the_label_that_discovery_selects(string overlay)
    {
        var docs = Manifests.Render(overlay);
        var members = docs.Where(d => Has(d, "spec", "template") && Labels(Node(d, "spec", "template")).GetValueOrDefault(PartOf) == "hdcluster")
            .Select(d => $"{Kind(d)}/{Name(d)}").Order(StringComparer.Ordinal);
        Assert.Equal(["Deployment/hdc-worker", "StatefulSet/hdc-coordinator"], members);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_node_names_its_remoting_and_management_ports_and_learns_its_address_from_the_downward_API(string overlay)
    {
        var docs = Manifests.Render(overlay);
        foreach (var workload in ClusterWorkloads(docs))
        {
            var container = Container(workload);
            var what = Name(workload);
            var ports = Items(container, "ports").ToDictionary(p => Text(p, "name"), p => Text(p, "containerPort"));
            Assert.Equal("4053", ports.GetValueOrDefault("remoting"));
            Assert.Equal("8558", ports.GetValueOrDefault("management"));
            Assert.Equal("status.podIP", Text(Env(container, "HDC_HOST"), "valueFrom", "fieldRef", "fieldPath"));
            Assert.True(EnvValue(container, "HDC_PORT") == ports["remoting"], $"{what}: HDC_PORT is the remoting port");
            Assert.True(EnvValue(container, "HDC_MANAGEMENT_PORT") == ports["management"], $"{what}: HDC_MANAGEMENT_PORT is the management port");
            Assert.Equal("kubernetes", EnvValue(container, "HDC_DISCOVERY"));
            Assert.StartsWith("hdc-cluster-config", Text(Volume(workload, "config"), "configMap", "name"), StringComparison.Ordinal);
            Assert.Equal("/etc/hdc/cluster.yaml", Mount(container, "config"));
            Assert.Equal(["--config", "/etc/hdc/cluster.yaml"], Strings(container, "args").Skip(1).Take(2));
        }

        var service = Single(docs, "Service", "hdc-cluster");
        Assert.Equal("None", Text(service, "spec", "clusterIP"));
        Assert.Equal("true", Text(service, "spec", "publishNotReadyAddresses"));
        Assert.Equal(["management:management", "remoting:remoting"], Items(service, "spec", "ports").Select(p => $"{Text(p, "name")}:{Text(p, "targetPort")}").Order(StringComparer.Ordinal));
        var selector = Node(service, "spec", "selector").Children.ToDictionary(kv => kv.Key.ToString(), kv => kv.Value.ToString());
        Assert.All(ClusterWorkloads(docs), w => Assert.True(Matches(selector, Labels(Node(w, "spec", "template"))), $"the service selects {Name(w)}"));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Probes_ask_the_node_whether_it_is_an_up_member_and_alive(string overlay)
    {
        foreach (var workload in ClusterWorkloads(Manifests.Render(overlay)))
        {
            var container = Container(workload);
            Assert.Equal("/ready", Text(container, "readinessProbe", "httpGet", "path"));
            Assert.Equal("management", Text(container, "readinessProbe", "httpGet", "port"));
            Assert.Equal("/alive", Text(container, "livenessProbe", "httpGet", "path"));
            Assert.Equal("management", Text(container, "livenessProbe", "httpGet", "port"));
            Assert.True(Has(container, "startupProbe"), $"{Name(workload)}: liveness waits for the node to join");
            Assert.Equal("/alive", Text(container, "startupProbe", "httpGet", "path"));
            Assert.Equal("management", Text(container, "startupProbe", "httpGet", "port"));
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Remoting_TLS_is_on_with_the_certificate_mounted_from_the_secret_and_its_password_only_from_the_secret(string overlay)
    {
        foreach (var workload in ClusterWorkloads(Manifests.Render(overlay)))
        {
            var container = Container(workload);
            Assert.Equal("true", EnvValue(container, "HDC_TLS_ENABLED"));
            Assert.Equal("/etc/hdc/tls/remoting.pfx", EnvValue(container, "HDC_TLS_CERTIFICATE"));
            Assert.Equal("/etc/hdc/tls", Mount(container, "remoting-tls"));
            var secret = Node(Volume(workload, "remoting-tls"), "secret");
            Assert.Equal(TlsSecret, Text(secret, "secretName"));
            Assert.Equal(["remoting.pfx:remoting.pfx"], Items(secret, "items").Select(i => $"{Text(i, "key")}:{Text(i, "path")}"));
            var password = Env(container, "HDC_TLS_PASSWORD");
            Assert.False(Has(password, "value"), $"{Name(workload)}: the password is written in the manifest");
            Assert.Equal(TlsSecret, Text(password, "valueFrom", "secretKeyRef", "name"));
            Assert.Equal("password", Text(password, "valueFrom", "secretKeyRef", "key"));
            Assert.All(Items(container, "env").Where(e => Text(e, "name").Contains("PASSWORD", StringComparison.Ordinal)), e => Assert.False(Has(e, "value"), Text(e, "name")));
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void One_coordinator_keeps_its_journal_on_its_own_volume_and_shares_the_results_volume_with_the_workers(string overlay)
    {
        var docs = Manifests.Render(overlay);
        var coordinator = Single(docs, "StatefulSet", "hdc-coordinator");
        Assert.Equal("1", Text(coordinator, "spec", "replicas"));
        Assert.Equal("hdc-cluster", Text(coordinator, "spec", "serviceName"));
        Assert.Equal(["coordinator", "--config", "/etc/hdc/cluster.yaml"], Strings(Container(coordinator), "args"));
        var journal = Assert.Single(Items(coordinator, "spec", "volumeClaimTemplates"));
        Assert.Equal("journal", Text(journal, "metadata", "name"));
        Assert.Equal(["ReadWriteOnce"], Strings(journal, "spec", "accessModes"));
        Assert.Equal("/journal", Mount(Container(coordinator), "journal"));
        Assert.Equal("/journal/journal.db", EnvValue(Container(coordinator), "HDC_JOURNAL_PATH"));

        Assert.Equal(["ReadWriteMany"], Strings(Single(docs, "PersistentVolumeClaim", "hdc-results"), "spec", "accessModes"));
        foreach (var workload in ClusterWorkloads(docs))
        {
            Assert.Equal("hdc-results", Text(Volume(workload, "results"), "persistentVolumeClaim", "claimName"));
            Assert.Equal("/results", Mount(Container(workload), "results"));
            Assert.Equal("/results", EnvValue(Container(workload), "HDC_RESULTS_ROOT"));
            // Workers write checkpoints there, which another worker reads back.
            Assert.NotEqual("true", Text(Assert.Single(Items(Container(workload), "volumeMounts"), m => Text(m, "name") == "results"), "readOnly"));
        }

        var worker = Container(Single(docs, "Deployment", "hdc-worker"));
        Assert.Equal("/data", EnvValue(worker, "HDC_DATA"));
        Assert.Equal("/data", Mount(worker, "data"));
    }

    [Fact]
    public void Gpu_workers_request_one_gpu_each_and_cpu_dev_workers_none()
    {
        var gpu = Container(Single(Manifests.Render("gpu"), "Deployment", "hdc-worker"));
        Assert.Equal("1", Text(gpu, "resources", "limits", "nvidia.com/gpu"));
        Assert.Equal("1", Text(gpu, "resources", "requests", "nvidia.com/gpu"));
        Assert.Equal("cuda:0", Argument(gpu, "--devices"));
        Assert.EndsWith(":cuda", Text(gpu, "image"), StringComparison.Ordinal);

        var cpu = Container(Single(Manifests.Render("cpu-dev"), "Deployment", "hdc-worker"));
        Assert.False(Has(cpu, "resources", "limits", "nvidia.com/gpu"));
        Assert.False(Has(cpu, "resources", "requests", "nvidia.com/gpu"));
        Assert.Equal("cpu", Argument(cpu, "--devices"));
        Assert.EndsWith(":cpu", Text(cpu, "image"), StringComparison.Ordinal);
        Assert.DoesNotContain("nvidia.com/gpu", Manifests.RenderText("cpu-dev"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Threads_never_outnumber_the_cores_a_container_may_use_and_wait_passively(string overlay)
    {
        foreach (var workload in ClusterWorkloads(Manifests.Render(overlay)))
        {
            var container = Container(workload);
            var what = $"{overlay} {Name(workload)}";
            var cores = Cores(Text(container, "resources", "limits", "cpu"));
            Assert.Equal("PASSIVE", EnvValue(container, "OMP_WAIT_POLICY"));
            var ompThreads = int.Parse(EnvValue(container, "OMP_NUM_THREADS"), CultureInfo.InvariantCulture);
            Assert.True(ompThreads >= 1 && ompThreads <= cores, $"{what}: OMP_NUM_THREADS {ompThreads} with a limit of {cores} cores");
            if (Strings(container, "args")[0] == "worker")
            {
                var threads = int.Parse(Argument(container, "--threads"), CultureInfo.InvariantCulture);
                var slots = int.Parse(Argument(container, "--slots"), CultureInfo.InvariantCulture);
                Assert.True(threads == ompThreads, $"{what}: --threads {threads} but OMP_NUM_THREADS {ompThreads}");
                Assert.True(threads * slots <= cores, $"{what}: {slots} slots of {threads} threads with a limit of {cores} cores");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_container_runs_as_non_root_with_resource_limits_and_long_running_ones_have_probes(string overlay)
    {
        foreach (var doc in Manifests.Render(overlay).Where(d => Kind(d) is "Deployment" or "StatefulSet" or "Job"))
        {
            var pod = Node(doc, "spec", "template", "spec");
            Assert.True(Text(pod, "securityContext", "runAsNonRoot") == "true", $"{Name(doc)}: runAsNonRoot");
            Assert.NotEqual("0", Text(pod, "securityContext", "runAsUser"));
            foreach (var container in Items(pod, "containers"))
            {
                var what = $"{Name(doc)}/{Text(container, "name")}";
                Assert.True(Text(container, "securityContext", "allowPrivilegeEscalation") == "false", $"{what}: allowPrivilegeEscalation");
                Assert.True(Text(container, "securityContext", "readOnlyRootFilesystem") == "true", $"{what}: readOnlyRootFilesystem");
                Assert.True(Has(container, "resources", "limits", "cpu") && Has(container, "resources", "limits", "memory"), $"{what}: limits");
                if (Kind(doc) != "Job")
                {
                    Assert.True(Has(container, "livenessProbe") && Has(container, "readinessProbe"), $"{what}: probes");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Nothing_rendered_from_k8s_mentions_Redis(string overlay)
    {
        foreach (var doc in Manifests.Render(overlay))
        {
            var text = Serialize(doc);
            Assert.True(!text.Contains("redis", StringComparison.OrdinalIgnoreCase), $"{Kind(doc)}/{Name(doc)} mentions Redis:\n{text}");
        }

        foreach (var file in Directory.EnumerateFiles(Path.Combine(TestPaths.RepositoryRoot, "k8s"), "*", SearchOption.AllDirectories))
        {
            Assert.True(!File.ReadAllText(file).Contains("redis", StringComparison.OrdinalIgnoreCase), $"{file} mentions Redis");
        }
    }

    [Fact]
    public void No_certificate_or_key_is_committed_beside_the_manifests()
    {
        foreach (var file in Directory.EnumerateFiles(Path.Combine(TestPaths.RepositoryRoot, "k8s"), "*", SearchOption.AllDirectories))
        {
            Assert.False(Path.GetExtension(file) is ".pfx" or ".p12" or ".key" or ".pem" or ".crt", $"{file}: a certificate or key in the repository");
            Assert.DoesNotContain("PRIVATE KEY", File.ReadAllText(file), StringComparison.Ordinal);
        }
    }

    private static string Serialize(YamlMappingNode doc)
    {
        var writer = new StringWriter();
        new YamlStream(new YamlDocument(doc)).Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    // The coordinator and the workers: the workloads whose pods form the cluster.
    private static IReadOnlyList<YamlMappingNode> ClusterWorkloads(IReadOnlyList<YamlMappingNode> docs)
    {
        var workloads = new[] { Single(docs, "StatefulSet", "hdc-coordinator"), Single(docs, "Deployment", "hdc-worker") };
        Assert.All(workloads, w => Assert.Equal("hdcluster", Labels(Node(w, "spec", "template")).GetValueOrDefault(PartOf)));
        return workloads;
    }

    private static YamlMappingNode Container(YamlMappingNode workload) =>
        Assert.Single(Items(workload, "spec", "template", "spec", "containers"));

    private static YamlMappingNode Env(YamlMappingNode container, string name) =>
        Assert.Single(Items(container, "env"), e => Text(e, "name") == name);

    private static string EnvValue(YamlMappingNode container, string name) => Text(Env(container, name), "value");

    private static YamlMappingNode Volume(YamlMappingNode workload, string name) =>
        Assert.Single(Items(workload, "spec", "template", "spec", "volumes"), v => Text(v, "name") == name);

    private static string Mount(YamlMappingNode container, string volume) =>
        Text(Assert.Single(Items(container, "volumeMounts"), m => Text(m, "name") == volume), "mountPath");

    // The value after an option in the container's arguments.
    private static string Argument(YamlMappingNode container, string option)
    {
        var args = Strings(container, "args");
        var at = args.ToList().IndexOf(option);
        Assert.True(at >= 0 && at + 1 < args.Count, $"{option} is not among the arguments {string.Join(" ", args)}");
        return args[at + 1];
    }

    // A CPU quantity in cores: "2", "500m".
    private static double Cores(string quantity) =>
        quantity.EndsWith('m')
            ? double.Parse(quantity[..^1], CultureInfo.InvariantCulture) / 1000
            : double.Parse(quantity, CultureInfo.InvariantCulture);
}
