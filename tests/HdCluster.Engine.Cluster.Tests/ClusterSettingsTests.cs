namespace HdCluster.Engine.Cluster.Tests;

public sealed class ClusterSettingsTests
{
    private static readonly string Shipped = Path.Combine(TestPaths.RepositoryRoot, "cluster-config", "cluster.yaml");

    private static ClusterSettings Parse(string yaml, params (string Name, string Value)[] environment)
    {
        var variables = environment.ToDictionary(e => e.Name, e => e.Value);
        return ClusterSettings.Parse(yaml, "cluster.yaml", name => variables.GetValueOrDefault(name));
    }

    private static string Problem(string yaml, params (string Name, string Value)[] environment) =>
        Assert.Throws<ClusterConfigException>(() => Parse(yaml, environment)).Message;

    [Fact]
    public void The_shipped_config_is_a_local_cluster_of_one_seed_with_keep_oldest_after_five_seconds()
    {
        var settings = ClusterSettings.Load(Shipped, _ => null);
        Assert.Equal("hdcluster", settings.ClusterName);
        Assert.Equal(["127.0.0.1:4053"], settings.SeedNodes);
        Assert.Equal(("127.0.0.1", 4053, 8558), (settings.Host, settings.Port, settings.ManagementPort));
        Assert.Equal(ClusterDiscovery.Seeds, settings.Discovery);
        Assert.Equal(new SplitBrainSettings("keep-oldest", TimeSpan.FromSeconds(5)), settings.SplitBrain);
        Assert.False(settings.Tls.Enabled);
        Assert.Equal(Path.Combine("results", ".hdc", "journal.db"), settings.JournalPath);
        Assert.Equal(3, settings.MaxAttempts);
        Assert.Equal("app.kubernetes.io/part-of=hdcluster", settings.PodLabelSelector);
    }

    [Fact]
    public void The_environment_overrides_every_key()
    {
        var pfx = Path.GetTempFileName();
        try
        {
            var settings = Parse(
                File.ReadAllText(Shipped),
                ("HDC_CLUSTER_NAME", "lab"),
                ("HDC_SEED_NODES", "10.0.0.1:4053, 10.0.0.2:4054"),
                ("HDC_HOST", "10.0.0.9"),
                ("HDC_PORT", "5000"),
                ("HDC_RESULTS_ROOT", "/results"),
                ("HDC_DATA", "/data"),
                ("HDC_JOURNAL_PATH", "/journal/journal.db"),
                ("HDC_DISCOVERY", "kubernetes"),
                ("HDC_MANAGEMENT_PORT", "9000"),
                ("HDC_TLS_ENABLED", "true"),
                ("HDC_TLS_CERTIFICATE", pfx),
                ("HDC_SBR_STABLE_AFTER", "7.5"),
                ("HDC_MAX_ATTEMPTS", "5"));
            Assert.Equal("lab", settings.ClusterName);
            Assert.Equal(["10.0.0.1:4053", "10.0.0.2:4054"], settings.SeedNodes);
            Assert.Equal(("10.0.0.9", 5000, true, 9000), (settings.Host, settings.Port, settings.PortOverridden, settings.ManagementPort));
            Assert.Equal(("/results", "/data", "/journal/journal.db"), (settings.ResultsRoot, settings.DataRoot, settings.JournalPath));
            Assert.Equal(ClusterDiscovery.Kubernetes, settings.Discovery);
            Assert.Equal((true, pfx), (settings.Tls.Enabled, settings.Tls.CertificateFile));
            Assert.Equal(TimeSpan.FromSeconds(7.5), settings.SplitBrain.StableAfter);
            Assert.Equal(5, settings.MaxAttempts);
        }
        finally
        {
            File.Delete(pfx);
        }
    }

    [Fact]
    public void The_journal_defaults_to_the_hdc_folder_of_the_results_root_from_the_environment()
    {
        var settings = Parse("cluster_name: hdcluster\nseed_nodes: [127.0.0.1:4053]\n", ("HDC_RESULTS_ROOT", "/shared/results"));
        Assert.Equal(Path.Combine("/shared/results", ".hdc", "journal.db"), settings.JournalPath);
        Assert.False(settings.PortOverridden);
    }

    [Theory]
    [InlineData("port: 70000\n", "port: '70000' is not a port")]
    [InlineData("seed_nodes: [localhost]\n", "seed_nodes: 'localhost' is not host:port")]
    [InlineData("seed_nodes: []\n", "seed_nodes: give at least one host:port")]
    [InlineData("discovery: consul\n", "discovery: 'consul' is neither seeds nor kubernetes")]
    [InlineData("cluster_name: 'my cluster'\n", "cluster_name: 'my cluster' must be letters")]
    [InlineData("max_attempts: 0\n", "max_attempts: '0' must be a whole number of at least 1")]
    [InlineData("tls:\n  enabled: true\n", "tls.certificate_file: give the .pfx file")]
    [InlineData("tls:\n  enabled: maybe\n", "tls.enabled: 'maybe' is neither true nor false")]
    [InlineData("split_brain_resolver:\n  strategy: keep-majority\n", "split_brain_resolver.strategy: 'keep-majority' is not supported")]
    [InlineData("split_brain_resolver:\n  stable_after_seconds: 0\n", "split_brain_resolver.stable_after_seconds: '0' must be a positive")]
    public void A_bad_value_is_refused_with_its_key_named(string yaml, string expected)
    {
        var message = Problem((yaml.Contains("seed_nodes", StringComparison.Ordinal) ? "" : "seed_nodes: [127.0.0.1:4053]\n") + yaml);
        Assert.StartsWith("cluster.yaml: ", message);
        Assert.Contains(expected, message);
    }

    [Fact]
    public void A_bad_value_from_the_environment_names_the_variable()
    {
        var message = Problem("seed_nodes: [127.0.0.1:4053]\n", ("HDC_PORT", "abc"));
        Assert.Contains("port (from $HDC_PORT): 'abc' is not a port", message);
    }

    [Fact]
    public void A_misspelt_key_is_an_error_with_its_line()
    {
        var message = Problem("seed_nodes: [127.0.0.1:4053]\nsplit_brain: {}\n");
        Assert.StartsWith("cluster.yaml:2:", message);
        Assert.Contains("split_brain", message);
    }

    [Fact]
    public void The_tls_password_comes_from_its_variable_and_never_shows_in_the_description()
    {
        var pfx = Path.GetTempFileName();
        try
        {
            var settings = Parse(
                $"seed_nodes: [127.0.0.1:4053]\ntls:\n  enabled: true\n  certificate_file: {pfx}\n  password_env: MY_PFX_PASSWORD\n",
                ("MY_PFX_PASSWORD", "s3cret-Pa55"));
            Assert.Equal("s3cret-Pa55", settings.Tls.Password);
            Assert.DoesNotContain("s3cret-Pa55", settings.Describe());
            Assert.DoesNotContain("s3cret-Pa55", settings.ToString());
            Assert.DoesNotContain("s3cret-Pa55", settings.Tls.ToString());
            Assert.Contains("$MY_PFX_PASSWORD", settings.Tls.ToString());
            Assert.DoesNotContain("s3cret-Pa55", ClusterNodeHocon.For(settings, ClusterRole.Coordinator, 4053));
        }
        finally
        {
            File.Delete(pfx);
        }
    }
}
