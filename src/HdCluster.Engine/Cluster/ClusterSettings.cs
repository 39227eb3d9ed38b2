using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace HdCluster.Engine.Cluster;

/// <summary>
/// One node's view of the cluster, from <c>cluster-config/cluster.yaml</c> (schema in docs/cluster.md) with each
/// key overridden by its environment variable. The TLS password is never in the file: it is read from the variable
/// <c>tls.password_env</c> names, and neither <see cref="ToString"/> nor <see cref="Describe"/> shows it.
/// </summary>
public sealed record ClusterSettings
{
    public required string ClusterName { get; init; }

    /// <summary>host:port of each seed node; used when <see cref="Discovery"/> is seeds.</summary>
    public required IReadOnlyList<string> SeedNodes { get; init; }

    /// <summary>This node's address as the others reach it.</summary>
    public required string Host { get; init; }

    /// <summary>The coordinator's remoting port. Workers and clients use an ephemeral port unless <see cref="PortOverridden"/>.</summary>
    public required int Port { get; init; }

    /// <summary>True when HDC_PORT set the port: then every role uses it (one node per pod on Kubernetes).</summary>
    public bool PortOverridden { get; init; }

    public required string ResultsRoot { get; init; }

    /// <summary>Null: <c>$HDC_DATA</c>, then the shared data beside the repository (resolved by the CLI).</summary>
    public string? DataRoot { get; init; }

    /// <summary>The coordinator's SQLite journal and snapshot file.</summary>
    public required string JournalPath { get; init; }

    public required ClusterDiscovery Discovery { get; init; }

    public required int ManagementPort { get; init; }

    public required string PodLabelSelector { get; init; }

    public required int RequiredContactPoints { get; init; }

    public required RemotingTls Tls { get; init; }

    public required SplitBrainSettings SplitBrain { get; init; }

    public required int MaxAttempts { get; init; }

    /// <summary>The remoting protocol in every node address: TLS changes it, so all nodes must agree on TLS.</summary>
    public string Protocol => Tls.Enabled ? "akka.ssl.tcp" : "akka.tcp";

    /// <summary>The settings in one line, safe for logs: TLS shows the certificate file, never the password.</summary>
    public string Describe() =>
        $"cluster '{ClusterName}', host {Host}, discovery {Discovery.ToString().ToLowerInvariant()} " +
        $"({(Discovery == ClusterDiscovery.Seeds ? string.Join(",", SeedNodes) : PodLabelSelector)}), management port {ManagementPort}, " +
        $"tls {(Tls.Enabled ? $"on ({Tls.CertificateFile})" : "off")}, split brain resolver {SplitBrain.Strategy} after {SplitBrain.StableAfter.TotalSeconds:0.##} s, " +
        $"results {ResultsRoot}, journal {JournalPath}";

    public override string ToString() => Describe();

    public static ClusterSettings Load(string path) => Load(path, Environment.GetEnvironmentVariable);

    /// <param name="environment">Reads a variable; injectable so tests need not change the process's environment.</param>
    public static ClusterSettings Load(string path, Func<string, string?> environment)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ClusterConfigException($"{path}: cannot read the cluster config: {e.Message}");
        }

        return Parse(text, path, environment);
    }

    public static ClusterSettings Parse(string yaml, string path, Func<string, string?> environment)
    {
        ClusterFile file;
        try
        {
            file = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build().Deserialize<ClusterFile?>(yaml) ?? new ClusterFile();
        }
        catch (YamlException e)
        {
            var inner = e.InnerException?.Message ?? e.Message;
            throw new ClusterConfigException($"{path}:{e.Start.Line}:{e.Start.Column}: {inner}");
        }

        var read = new SettingReader(path, environment);
        var clusterName = read.Text("cluster_name", "HDC_CLUSTER_NAME", file.ClusterName);
        if (clusterName.Length > 0 && !clusterName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            read.Problem("cluster_name", "HDC_CLUSTER_NAME", $"'{clusterName}' must be letters, digits, '-' or '_' (it names the actor system)");
        }

        var seeds = read.List("seed_nodes", "HDC_SEED_NODES", file.SeedNodes);
        foreach (var seed in seeds)
        {
            read.HostAndPort("seed_nodes", "HDC_SEED_NODES", seed);
        }

        var host = read.Text("host", "HDC_HOST", file.Host);
        var portText = environment("HDC_PORT");
        var port = read.Port("port", "HDC_PORT", file.Port);
        var discovery = read.Text("discovery", "HDC_DISCOVERY", file.Discovery) switch
        {
            "seeds" => ClusterDiscovery.Seeds,
            "kubernetes" => ClusterDiscovery.Kubernetes,
            var other => read.Problem<ClusterDiscovery>("discovery", "HDC_DISCOVERY", $"'{other}' is neither seeds nor kubernetes"),
        };
        if (discovery == ClusterDiscovery.Seeds && seeds.Count == 0)
        {
            read.Problem("seed_nodes", "HDC_SEED_NODES", "give at least one host:port when discovery is seeds");
        }

        var managementPort = read.Port("management_port", "HDC_MANAGEMENT_PORT", file.ManagementPort);
        var resultsRoot = read.Text("results_root", "HDC_RESULTS_ROOT", file.ResultsRoot);
        var dataRoot = read.Optional("HDC_DATA", file.DataRoot);
        var journal = read.Optional("HDC_JOURNAL_PATH", file.JournalPath) ?? Path.Combine(resultsRoot, ".hdc", "journal.db");
        var kubernetes = file.Kubernetes ?? new KubernetesSection();
        var contactPoints = read.Number("kubernetes.required_contact_points", null, kubernetes.RequiredContactPoints, minimum: 1);
        var tlsFile = file.Tls ?? new TlsSection();
        var tls = RemotingTls.Read(tlsFile.Enabled, tlsFile.CertificateFile, tlsFile.PasswordEnv, read, environment);
        var brain = file.SplitBrainResolver ?? new SplitBrainSection();
        var split = SplitBrainSettings.Read(brain.Strategy, brain.StableAfterSeconds, read);
        var attempts = read.Number("max_attempts", "HDC_MAX_ATTEMPTS", file.MaxAttempts, minimum: 1);
        read.ThrowIfAny();
        return new ClusterSettings
        {
            ClusterName = clusterName,
            SeedNodes = seeds,
            Host = host,
            Port = port,
            PortOverridden = !string.IsNullOrWhiteSpace(portText),
            ResultsRoot = resultsRoot,
            DataRoot = dataRoot,
            JournalPath = journal,
            Discovery = discovery,
            ManagementPort = managementPort,
            PodLabelSelector = kubernetes.PodLabelSelector ?? "app.kubernetes.io/part-of=hdcluster",
            RequiredContactPoints = contactPoints,
            Tls = tls,
            SplitBrain = split,
            MaxAttempts = attempts,
        };
    }

    // The file's shape: snake_case keys; an unknown key is an error, so a misspelt key is never ignored silently.
    private sealed class ClusterFile
    {
        public string? ClusterName { get; set; } = "hdcluster";

        public List<string>? SeedNodes { get; set; }

        public string? Host { get; set; } = "127.0.0.1";

        public string? Port { get; set; } = "4053";

        public string? ResultsRoot { get; set; } = "results";

        public string? DataRoot { get; set; }

        public string? JournalPath { get; set; }

        public string? Discovery { get; set; } = "seeds";

        public string? ManagementPort { get; set; } = "8558";

        public KubernetesSection? Kubernetes { get; set; }

        public TlsSection? Tls { get; set; }

        public SplitBrainSection? SplitBrainResolver { get; set; }

        public string? MaxAttempts { get; set; } = "3";
    }

    private sealed class KubernetesSection
    {
        public string? PodLabelSelector { get; set; }

        public string? RequiredContactPoints { get; set; } = "1";
    }

    private sealed class TlsSection
    {
        public string? Enabled { get; set; } = "false";

        public string? CertificateFile { get; set; }

        public string? PasswordEnv { get; set; } = "HDC_TLS_PASSWORD";
    }

    private sealed class SplitBrainSection
    {
        public string? Strategy { get; set; }

        public string? StableAfterSeconds { get; set; }
    }
}

/// <summary>How a node finds the others.</summary>
public enum ClusterDiscovery
{
    /// <summary>The seed node list in the config.</summary>
    Seeds,

    /// <summary>Akka.Management cluster bootstrap over the Kubernetes API (pods with the label selector).</summary>
    Kubernetes,
}

/// <summary>The cluster config cannot be used; the message names the file (or variable) and the key.</summary>
public sealed class ClusterConfigException(string message) : Exception(message);
