namespace HdCluster.Cluster.Redis.Tests;

public class ClusterConfigTests
{
    private const string Secret = "hunter2-very-secret";

    private static readonly Dictionary<string, string> Env = new() { ["HDC_REDIS_PASSWORD"] = Secret };

    [Fact]
    public void The_password_comes_from_the_environment_and_never_appears_in_its_description()
    {
        var config = ClusterConfig.Parse("redis: {endpoints: [r:6379]}", "c.yaml", Env.GetValueOrDefault);
        Assert.Equal(Secret, config.Password);
        Assert.DoesNotContain(Secret, config.Describe(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, config.ToString(), StringComparison.Ordinal);
        Assert.Contains("password from $HDC_REDIS_PASSWORD", config.Describe(), StringComparison.Ordinal);
        Assert.Equal("auth failed for ***", config.Mask($"auth failed for {Secret}"));
    }

    [Fact]
    public void A_password_file_wins_over_the_environment()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "from-file\n");
            var config = ClusterConfig.Parse($"redis: {{password_file: {file}}}", "c.yaml", Env.GetValueOrDefault);
            Assert.Equal("from-file", config.Password);
            Assert.Equal(file, config.PasswordSource);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void The_environment_overrides_endpoints_and_results_root()
    {
        var env = new Dictionary<string, string> { ["HDC_REDIS_ENDPOINTS"] = "a:1, b:2", ["HDC_RESULTS_ROOT"] = "/data/results" };
        var config = ClusterConfig.Parse("redis: {endpoints: [r:6379]}\nresults_root: here", "c.yaml", env.GetValueOrDefault);
        Assert.Equal(["a:1", "b:2"], config.Endpoints);
        Assert.Equal("/data/results", config.ResultsRoot);
    }

    [Theory]
    [InlineData("lease_timout_seconds: 3", "c.yaml:1:1")]
    [InlineData("heartbeat_interval_seconds: 2\nlease_timeout_seconds: 3", "at least twice heartbeat_interval_seconds")]
    [InlineData("max_attempts: 0", "max_attempts: must be at least 1")]
    [InlineData("redis: {key_prefix: ''}", "redis.key_prefix")]
    public void A_mistake_is_refused_naming_the_file_and_field(string yaml, string expected)
    {
        var e = Assert.Throws<ClusterConfigException>(() => ClusterConfig.Parse(yaml, "c.yaml", _ => null));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
