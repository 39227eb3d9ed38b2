using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace HdCluster.Cluster.Redis;

/// <summary>
/// Where the cluster's Redis is and how its processes pace themselves, from <c>cluster-config/cluster.yaml</c>
/// (schema in <c>docs/cluster.md</c>). The environment overrides the file: <c>HDC_REDIS_ENDPOINTS</c>
/// (comma-separated host:port) and <c>HDC_RESULTS_ROOT</c>. The password is never in the file: it comes from
/// the file named by <c>redis.password_file</c> or the variable named by <c>redis.password_env</c>.
/// </summary>
public sealed record ClusterConfig
{
    public const string EndpointsVariable = "HDC_REDIS_ENDPOINTS";
    public const string ResultsRootVariable = "HDC_RESULTS_ROOT";

    public required IReadOnlyList<string> Endpoints { get; init; }

    /// <summary>Never logged or printed: <see cref="ToString"/> and <see cref="Describe"/> leave it out.</summary>
    public string? Password { get; init; }

    /// <summary>Where the password came from, for messages: "$HDC_REDIS_PASSWORD", a file path, or "none".</summary>
    public string PasswordSource { get; init; } = "none";

    public bool Tls { get; init; }

    public string KeyPrefix { get; init; } = "hdc";

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a worker renews its lease while alive.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>A worker whose lease is not renewed for this long is lost: its cells are claimed back.</summary>
    public TimeSpan LeaseTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often idle workers look for cells and the coordinator for results.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Attempts per cell (a lost worker's attempt counts) before it is written as failed.</summary>
    public int MaxAttempts { get; init; } = 3;

    public string ResultsRoot { get; init; } = "results";

    /// <summary>Null: <c>$HDC_DATA</c>, then <c>../shared/data</c> beside the repository.</summary>
    public string? DataRoot { get; init; }

    /// <summary>The settings in one line, safe for logs: the password appears only as where it came from.</summary>
    public string Describe() =>
        $"redis {string.Join(",", Endpoints)} (tls {(Tls ? "on" : "off")}, password {(Password is null ? "none" : $"from {PasswordSource}")}, prefix '{KeyPrefix}'), " +
        $"heartbeat {HeartbeatInterval.TotalSeconds:0.###} s, lease {LeaseTimeout.TotalSeconds:0.###} s, results {ResultsRoot}";

    public override string ToString() => Describe();

    /// <summary>Replaces the password wherever it occurs in <paramref name="text"/>, for messages built from foreign text.</summary>
    public string Mask(string text) => Password is { Length: > 0 } p ? text.Replace(p, "***", StringComparison.Ordinal) : text;

    public static ClusterConfig Load(string path) => Load(path, Environment.GetEnvironmentVariable);

    /// <param name="environment">Reads a variable; injectable so tests need not change the process's environment.</param>
    public static ClusterConfig Load(string path, Func<string, string?> environment)
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

    public static ClusterConfig Parse(string yaml, string path, Func<string, string?> environment)
    {
        ConfigFile file;
        try
        {
            file = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build().Deserialize<ConfigFile?>(yaml) ?? new ConfigFile();
        }
        catch (YamlException e)
        {
            var inner = e.InnerException?.Message ?? e.Message;
            throw new ClusterConfigException($"{path}:{e.Start.Line}:{e.Start.Column}: {inner}");
        }

        var redis = file.Redis ?? new RedisSection();
        var endpoints = environment(EndpointsVariable) is { Length: > 0 } fromEnv
            ? fromEnv.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList()
            : redis.Endpoints ?? ["127.0.0.1:6379"];
        var problems = new List<string>();
        if (endpoints.Count == 0)
        {
            problems.Add("redis.endpoints: give at least one host:port");
        }

        var (password, source) = ReadPassword(redis, environment, problems);
        if (string.IsNullOrWhiteSpace(redis.KeyPrefix) || redis.KeyPrefix.Contains(' ', StringComparison.Ordinal))
        {
            problems.Add("redis.key_prefix: must be a non-empty word");
        }

        Positive(problems, "redis.connect_timeout_seconds", redis.ConnectTimeoutSeconds);
        Positive(problems, "heartbeat_interval_seconds", file.HeartbeatIntervalSeconds);
        Positive(problems, "lease_timeout_seconds", file.LeaseTimeoutSeconds);
        Positive(problems, "poll_interval_seconds", file.PollIntervalSeconds);
        if (file.LeaseTimeoutSeconds < 2 * file.HeartbeatIntervalSeconds)
        {
            problems.Add($"lease_timeout_seconds: must be at least twice heartbeat_interval_seconds ({file.HeartbeatIntervalSeconds}), or one late heartbeat loses a live worker");
        }

        if (file.MaxAttempts < 1)
        {
            problems.Add("max_attempts: must be at least 1");
        }

        if (problems.Count > 0)
        {
            throw new ClusterConfigException($"{path}: {string.Join("; ", problems)}");
        }

        return new ClusterConfig
        {
            Endpoints = endpoints,
            Password = password,
            PasswordSource = source,
            Tls = redis.Tls,
            KeyPrefix = redis.KeyPrefix!,
            ConnectTimeout = TimeSpan.FromSeconds(redis.ConnectTimeoutSeconds),
            HeartbeatInterval = TimeSpan.FromSeconds(file.HeartbeatIntervalSeconds),
            LeaseTimeout = TimeSpan.FromSeconds(file.LeaseTimeoutSeconds),
            PollInterval = TimeSpan.FromSeconds(file.PollIntervalSeconds),
            MaxAttempts = file.MaxAttempts,
            ResultsRoot = environment(ResultsRootVariable) is { Length: > 0 } root ? root : file.ResultsRoot ?? "results",
            DataRoot = string.IsNullOrWhiteSpace(file.DataRoot) ? null : file.DataRoot,
        };
    }

    private static (string? Password, string Source) ReadPassword(RedisSection redis, Func<string, string?> environment, List<string> problems)
    {
        if (!string.IsNullOrWhiteSpace(redis.PasswordFile))
        {
            try
            {
                return (File.ReadAllText(redis.PasswordFile).Trim(), redis.PasswordFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The message names the file, never its content.
                problems.Add($"redis.password_file: cannot read '{redis.PasswordFile}': {e.GetType().Name}");
                return (null, "none");
            }
        }

        if (!string.IsNullOrWhiteSpace(redis.PasswordEnv) && environment(redis.PasswordEnv) is { Length: > 0 } fromEnv)
        {
            return (fromEnv, $"${redis.PasswordEnv}");
        }

        return (null, "none");
    }

    private static void Positive(List<string> problems, string field, double value)
    {
        if (!(value > 0))
        {
            problems.Add($"{field}: must be positive");
        }
    }

    // The file's shape; snake_case keys, unknown keys are an error (a misspelt key must not be ignored silently).
    private sealed class ConfigFile
    {
        public RedisSection? Redis { get; set; }

        public double HeartbeatIntervalSeconds { get; set; } = 2;

        public double LeaseTimeoutSeconds { get; set; } = 10;

        public double PollIntervalSeconds { get; set; } = 0.25;

        public int MaxAttempts { get; set; } = 3;

        public string? ResultsRoot { get; set; }

        public string? DataRoot { get; set; }
    }

    private sealed class RedisSection
    {
        public List<string>? Endpoints { get; set; }

        public string? PasswordEnv { get; set; } = "HDC_REDIS_PASSWORD";

        public string? PasswordFile { get; set; }

        public bool Tls { get; set; }

        public string? KeyPrefix { get; set; } = "hdc";

        public double ConnectTimeoutSeconds { get; set; } = 30;
    }
}

/// <summary>The cluster config cannot be used; the message names the file and the field.</summary>
public sealed class ClusterConfigException(string message) : Exception(message);
