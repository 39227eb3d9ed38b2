namespace HdCluster.Deploy.Tests;

/// <summary>
/// docs/cluster.md and the README's cluster-mode section describe the launch as it is: the two-terminal local
/// cluster with the contract's commands, the TLS Secret the manifests read, and nothing of Redis.
/// </summary>
public class ClusterDocsTests
{
    private static readonly string[] LocalWalkThrough =
    [
        "./hdc coordinator --config cluster-config/cluster.yaml",
        "./hdc worker --config cluster-config/cluster.yaml --threads 1 &",
        "./hdc submit sweeps/quickstart.yaml --config cluster-config/cluster.yaml",
        "./hdc status --config cluster-config/cluster.yaml",
    ];

    [Fact]
    public void The_cluster_guide_walks_through_the_local_cluster_and_names_no_Redis()
    {
        var guide = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "docs", "cluster.md"));
        Assert.All(LocalWalkThrough, command => Assert.Contains(command, guide, StringComparison.Ordinal));
        Assert.DoesNotContain("redis", guide, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_READMEs_cluster_section_walks_through_the_local_cluster_and_names_no_Redis()
    {
        var readme = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "README.md"));
        var start = readme.IndexOf("### Cluster mode", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no '### Cluster mode' section");
        var end = readme.IndexOf("\n### ", start + 1, StringComparison.Ordinal);
        var section = end < 0 ? readme[start..] : readme[start..end];
        Assert.All(LocalWalkThrough, command => Assert.Contains(command, section, StringComparison.Ordinal));
        Assert.Contains("docs/cluster.md", section, StringComparison.Ordinal);
        Assert.DoesNotContain("redis", section, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_guide_creates_the_TLS_secret_with_the_name_and_keys_the_manifests_read()
    {
        // Continuation lines joined, so that each command is one line.
        var guide = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "docs", "cluster.md")).Replace("\\\n", " ", StringComparison.Ordinal);
        var creates = guide.Split('\n').Where(line => line.Contains("create secret generic hdc-remoting-tls", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(creates);
        Assert.All(creates, create =>
        {
            Assert.Contains("--from-file=remoting.pfx=", create, StringComparison.Ordinal);
            Assert.Contains("--from-literal=password=", create, StringComparison.Ordinal);
        });
    }
}
