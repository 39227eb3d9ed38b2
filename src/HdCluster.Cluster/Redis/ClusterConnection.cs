using Serilog;
using StackExchange.Redis;

namespace HdCluster.Cluster.Redis;

/// <summary>
/// Opens the connection every cluster process shares. Waits for Redis to come up (a pod may start before it),
/// but fails at once on a refused password, with a message naming the endpoint and never the password.
/// After that the client reconnects by itself; callers treat <see cref="RedisException"/> as "try again later".
/// </summary>
public static class ClusterConnection
{
    public static async Task<IConnectionMultiplexer> OpenAsync(ClusterConfig config, ILogger log, CancellationToken cancellation)
    {
        var options = new ConfigurationOptions
        {
            Password = config.Password,
            Ssl = config.Tls,
            AbortOnConnectFail = true,
            ConnectTimeout = 5000,
            SyncTimeout = 10000,
            AsyncTimeout = 10000,
            ConnectRetry = 1,
            ClientName = $"hdc-{Environment.MachineName}-{Environment.ProcessId}",
        };
        foreach (var endpoint in config.Endpoints)
        {
            options.EndPoints.Add(endpoint);
        }

        var endpoints = string.Join(",", config.Endpoints);
        var deadline = DateTimeOffset.UtcNow + config.ConnectTimeout;
        var announced = false;
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            try
            {
                var connection = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
                await connection.GetDatabase().PingAsync().ConfigureAwait(false);
                log.Information("Connected to {Redis}", config.Describe());
                return connection;
            }
            catch (RedisConnectionException e) when (IsAuthenticationFailure(e))
            {
                throw new ClusterConnectionException(config.Password is null
                    ? $"Redis at {endpoints} requires a password: set {PasswordHint(config)}"
                    : $"Redis at {endpoints} refused the password from {config.PasswordSource}: check the secret");
            }
            catch (Exception e) when (e is RedisException or IOException or TimeoutException)
            {
                if (DateTimeOffset.UtcNow >= deadline)
                {
                    throw new ClusterConnectionException($"cannot reach Redis at {endpoints} within {config.ConnectTimeout.TotalSeconds:0} s: {config.Mask(FirstLine(e.Message))}");
                }

                if (!announced)
                {
                    log.Warning("Redis at {Endpoints} is not reachable yet; retrying for up to {Seconds} s", endpoints, config.ConnectTimeout.TotalSeconds);
                    announced = true;
                }

                await Task.Delay(TimeSpan.FromSeconds(1), cancellation).ConfigureAwait(false);
            }
        }
    }

    private static bool IsAuthenticationFailure(RedisConnectionException e) =>
        e.FailureType == ConnectionFailureType.AuthenticationFailure
        || e.Message.Contains("WRONGPASS", StringComparison.Ordinal)
        || e.Message.Contains("NOAUTH", StringComparison.Ordinal)
        || e.Message.Contains("AuthenticationFailure", StringComparison.Ordinal)
        || e.InnerException is RedisServerException { Message: var m } && (m.Contains("WRONGPASS", StringComparison.Ordinal) || m.Contains("NOAUTH", StringComparison.Ordinal));

    private static string PasswordHint(ClusterConfig config) => config.PasswordSource == "none" ? "redis.password_env (default HDC_REDIS_PASSWORD) or redis.password_file" : config.PasswordSource;

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}

/// <summary>Redis cannot be used: unreachable, or it refused our credentials. The message is safe to print.</summary>
public sealed class ClusterConnectionException(string message) : Exception(message);
