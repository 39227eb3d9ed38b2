using System.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace HdCluster.Cluster.Redis.Tests;

/// <summary>
/// The manifests in <c>k8s/</c>, rendered offline with kustomize (or <c>kubectl kustomize</c>), validated against the
/// Kubernetes API schemas by <c>scripts/validate-k8s.mjs</c> (types, required fields, enums, and unknown fields, which
/// the API server refuses; the packages come from <c>scripts/setup-k8s-schemas.sh</c>), and checked for what the
/// cluster needs: every kind present, non-root containers with limits and probes, GPUs requested only in the gpu
/// overlay, Redis reachable only from the cluster's own pods, the password only from the Secret.
/// </summary>
public class KubernetesManifestTests
{
    private static readonly TimeSpan ProcessLimit = TimeSpan.FromSeconds(60);

    public static TheoryData<string> Overlays => new() { "cpu-dev", "gpu" };

    [Theory]
    [MemberData(nameof(Overlays))]
    public void The_overlay_passes_the_Kubernetes_schema_validation(string overlay)
    {
        var (exitCode, output) = Validate(stdin: RenderText(overlay));
        Assert.True(exitCode == 0, $"k8s/overlays/{overlay} does not validate:\n{output}");
        Assert.Contains("objects valid", output, StringComparison.Ordinal);
    }

    // Two objects; the Deployment is the one each broken case below breaks, in one place.
    private const string ValidManifest = """
        apiVersion: v1
        kind: Service
        metadata:
          name: web
        spec:
          selector: {app: web}
          ports: [{port: 80, targetPort: http}]
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 2
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              securityContext:
                runAsNonRoot: true
              containers:
                - name: web
                  image: registry.example.com/web:1
                  ports: [{name: http, containerPort: 8080}]
                  resources:
                    limits: {cpu: "1", memory: 1Gi}

        """;

    [Fact]
    public void The_manifest_the_broken_cases_start_from_is_valid()
    {
        var (exitCode, output) = ValidateFile(ValidManifest);
        Assert.True(exitCode == 0, output);
    }

    /// <summary>What is broken, the text replaced in <see cref="ValidManifest"/>, its replacement, the line expected.</summary>
    public static TheoryData<string, string, string, string> BrokenManifests => new()
    {
        { "misspelled field", "resources:", "resouces:", "document 2 (Deployment/web): /spec/template/spec/containers/0/resouces: unknown field \"resouces\"" },
        { "misspelled nested field", "runAsNonRoot:", "runAsNonroot:", "document 2 (Deployment/web): /spec/template/spec/securityContext/runAsNonroot: unknown field \"runAsNonroot\"" },
        { "wrong type", "replicas: 2", "replicas: \"two\"", "document 2 (Deployment/web): /spec/replicas: must be integer" },
        { "container without a name", "- name: web\n          image:", "- image:", "document 2 (Deployment/web): /spec/template/spec/containers/0: must have required property name" },
        { "container without an image", "\n          image: registry.example.com/web:1", "", "document 2 (Deployment/web): /spec/template/spec/containers/0: must have required property image" },
        { "unknown kind", "kind: Deployment", "kind: Deploymnet", "document 2 (Deploymnet/web): unknown kind \"Deploymnet\" in apps/v1" },
        { "unknown apiVersion", "apiVersion: apps/v1", "apiVersion: example.com/v1", "document 2 (Deployment/web): unknown apiVersion \"example.com/v1\"" },
    };

    [Theory]
    [MemberData(nameof(BrokenManifests))]
    public void A_broken_manifest_is_refused_with_a_line_naming_the_object_and_the_field(string what, string replace, string with, string expected)
    {
        var valid = ValidManifest.ReplaceLineEndings("\n");
        var manifest = valid.Replace(replace, with, StringComparison.Ordinal);
        Assert.NotEqual(valid, manifest);
        var (exitCode, output) = ValidateFile(manifest);
        Assert.True(exitCode == 1, $"{what}: exit {exitCode}, expected 1:\n{output}");
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.DoesNotContain("document 1 (Service/web)", output, StringComparison.Ordinal);
    }

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

    private static readonly Dictionary<string, string> RenderedText = [];

    private static readonly Dictionary<string, IReadOnlyList<YamlMappingNode>> Rendered = [];

    private static string RenderText(string overlay)
    {
        lock (RenderedText)
        {
            if (!RenderedText.TryGetValue(overlay, out var text))
            {
                RenderedText[overlay] = text = Kustomize(Path.Combine(TestPaths.RepositoryRoot, "k8s", "overlays", overlay));
            }

            return text;
        }
    }

    private static IReadOnlyList<YamlMappingNode> Render(string overlay)
    {
        lock (Rendered)
        {
            if (!Rendered.TryGetValue(overlay, out var docs))
            {
                var yaml = new YamlStream();
                yaml.Load(new StringReader(RenderText(overlay)));
                Rendered[overlay] = docs = yaml.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
            }

            return docs;
        }
    }

    // Writes the manifest into a folder of its own and validates the file.
    private static (int ExitCode, string Output) ValidateFile(string manifest)
    {
        var folder = Directory.CreateTempSubdirectory("hdc-k8s-");
        try
        {
            var file = Path.Combine(folder.FullName, "manifest.yaml");
            File.WriteAllText(file, manifest);
            return Validate(stdin: null, file);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    // scripts/validate-k8s.mjs with the packages that scripts/setup-k8s-schemas.sh installs into .tools/k8s-validate.
    private static (int ExitCode, string Output) Validate(string? stdin, params string[] files)
    {
        var root = TestPaths.RepositoryRoot;
        var modules = Path.Combine(root, ".tools", "k8s-validate", "current", "node_modules");
        if (!File.Exists(Path.Combine(modules, "kubernetes-models", "package.json")))
        {
            Assert.Fail($"the Kubernetes schemas are not installed in {modules}: run scripts/setup-k8s-schemas.sh (./hdc setup and ./hdc test run it)");
        }

        var result = Run("node", [Path.Combine(root, "scripts", "validate-k8s.mjs"), .. files], stdin, new() { ["HDC_K8S_MODULES"] = modules })
            ?? throw new InvalidOperationException("node is not installed; it runs scripts/validate-k8s.mjs (apt-get install nodejs)");
        return (result.ExitCode, result.Stdout + result.Stderr);
    }

    // The renderer, in the order ./hdc k8s-validate uses too: kustomize on PATH; kubectl on PATH when its kustomize knows
    // --load-restrictor (Debian's kubectl 1.20 does not); the kubectl that scripts/setup-kubectl.sh installs into
    // .tools/kubectl when neither is there. The ConfigMap comes from ../../cluster-config, outside the kustomization's
    // folder, which kustomize refuses unless told otherwise.
    private static string Kustomize(string folder)
    {
        var bundled = Path.Combine(TestPaths.RepositoryRoot, ".tools", "kubectl", "kubectl");
        (string File, string[] Args)[] tools =
        [
            ("kustomize", ["build", "--load-restrictor", "LoadRestrictionsNone", folder]),
            ("kubectl", ["kustomize", "--load-restrictor", "LoadRestrictionsNone", folder]),
            (bundled, ["kustomize", "--load-restrictor", "LoadRestrictionsNone", folder]),
        ];
        foreach (var (file, args) in tools)
        {
            if (file == "kubectl" && !KubectlRenders(file))
            {
                continue;
            }

            if (Run(file, args, stdin: null) is { } result)
            {
                Assert.True(result.ExitCode == 0, $"{file} {string.Join(" ", args)} failed: {result.Stderr}");
                return result.Stdout;
            }
        }

        Assert.Fail($"no kustomize, nor kubectl 1.21 or later, is on PATH, and {bundled} is not installed; the manifests cannot be rendered: run scripts/setup-kubectl.sh (./hdc setup and ./hdc test run it)");
        return "";
    }

    // Whether this kubectl's kustomize takes --load-restrictor, which kubectl has had since 1.21.
    private static bool KubectlRenders(string kubectl) =>
        Run(kubectl, ["kustomize", "--help"], stdin: null) is { ExitCode: 0 } help && help.Stdout.Contains("--load-restrictor", StringComparison.Ordinal);

    // Runs a program to its end, within ProcessLimit, feeding it stdin when given; null when it is not installed.
    private static (int ExitCode, string Stdout, string Stderr)? Run(string file, IEnumerable<string> args, string? stdin, Dictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardInput = stdin != null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        foreach (var (name, value) in environment ?? [])
        {
            info.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            var input = stdin == null ? Task.CompletedTask : Task.Run(() =>
            {
                process.StandardInput.Write(stdin);
                process.StandardInput.Close();
            });
            if (!process.WaitForExit(ProcessLimit) || !Task.WaitAll([input, stdout, stderr], ProcessLimit))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"{file} {string.Join(" ", args)} did not finish within {ProcessLimit.TotalSeconds} s");
            }

            return (process.ExitCode, stdout.Result, stderr.Result);
        }
    }
}
