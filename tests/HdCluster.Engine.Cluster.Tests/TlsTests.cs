using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace HdCluster.Engine.Cluster.Tests;

/// <summary>Remoting over TLS between real processes: the cluster's certificate admits, any other does not.</summary>
public sealed class TlsTests
{
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Nodes_with_the_cluster_certificate_form_a_cluster_one_without_cannot_join_and_no_output_shows_the_password()
    {
        const string password = "Pfx-Secret-7f3a91";
        using var cluster = new TestCluster();
        var ours = WriteSelfSigned(Path.Combine(cluster.Folder, "remoting.pfx"), "CN=hdcluster", password);
        var theirs = WriteSelfSigned(Path.Combine(cluster.Folder, "other.pfx"), "CN=hdcluster", password);
        var tls = new Dictionary<string, string> { ["HDC_TLS_ENABLED"] = "true", ["HDC_TLS_CERTIFICATE"] = ours, ["HDC_TLS_PASSWORD"] = password };

        var (coordinator, coordinatorHealth) = cluster.Start("coordinator", "coordinator", tls);
        await coordinator.WaitForLineAsync(@"is up with roles coordinator", Startup);
        var (worker, workerHealth) = cluster.Start("worker", "worker", tls);
        var address = (await worker.WaitForLineAsync(@"Node (\S+) started as worker", Startup)).Match.Groups[1].Value;
        await coordinator.WaitForLineAsync($@"Node {System.Text.RegularExpressions.Regex.Escape(address)} is up with roles worker", Startup);
        await TestCluster.WaitForProbeAsync(workerHealth, "/ready", 200, Startup);

        var (intruder, intruderHealth) = cluster.Start("intruder", "worker", new(tls) { ["HDC_TLS_CERTIFICATE"] = theirs });
        var intruderAddress = (await intruder.WaitForLineAsync(@"Node (\S+) started as worker", Startup)).Match.Groups[1].Value;
        var (plain, plainHealth) = cluster.Start("plain", "worker");
        var plainAddress = (await plain.WaitForLineAsync(@"Node (\S+) started as worker", Startup)).Match.Groups[1].Value;

        // Ten seconds is five join retries: the handshake must fail every time.
        await Task.Delay(TimeSpan.FromSeconds(10));
        Assert.False(coordinator.HasLine(System.Text.RegularExpressions.Regex.Escape(intruderAddress) + " is up"), cluster.AllOutput());
        Assert.False(coordinator.HasLine(System.Text.RegularExpressions.Regex.Escape(plainAddress) + " is up"), cluster.AllOutput());
        // A failed handshake may also make Akka shut the outsider down (exit 79): either way it is never a member.
        Assert.True(intruder.HasExited || await TestCluster.ProbeAsync(intruderHealth, "/ready") == 503, intruder.Output);
        Assert.True(plain.HasExited || await TestCluster.ProbeAsync(plainHealth, "/ready") == 503, plain.Output);
        Assert.Equal(200, await TestCluster.ProbeAsync(workerHealth, "/ready"));
        Assert.Equal(200, await TestCluster.ProbeAsync(coordinatorHealth, "/ready"));

        foreach (var process in cluster.Processes)
        {
            Assert.DoesNotContain(password, process.Output);
        }
    }

    [Fact]
    public void A_wrong_password_is_one_line_naming_the_file_and_the_variable_not_the_password()
    {
        using var cluster = new TestCluster();
        var pfx = WriteSelfSigned(Path.Combine(cluster.Folder, "remoting.pfx"), "CN=hdcluster", "right-password");
        var (node, _) = cluster.Start("coordinator", "coordinator", new()
        {
            ["HDC_TLS_ENABLED"] = "true",
            ["HDC_TLS_CERTIFICATE"] = pfx,
            ["HDC_TLS_PASSWORD"] = "wrong-password-123",
        });
        Assert.Equal(2, node.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Contains($"tls.certificate_file: cannot load '{pfx}' with the password from $HDC_TLS_PASSWORD", node.Output);
        Assert.DoesNotContain("wrong-password-123", node.Output);
        Assert.DoesNotContain("right-password", node.Output);
    }

    private static string WriteSelfSigned(string path, string subject, string password)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, password));
        return path;
    }
}
