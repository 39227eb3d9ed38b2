using Serilog;
using StackExchange.Redis;

namespace HdCluster.Cluster.Redis;

/// <summary>
/// Runs a process's steps against Redis, which may be restarting or unreachable: a failed step is logged once per
/// distinct problem (masked, first line only) and the caller simply tries again at its next tick.
/// </summary>
/// <param name="sayWhenBack">Also log once when a step succeeds again after a failure.</param>
internal sealed class RedisGuard(ClusterConfig config, ILogger log, bool sayWhenBack)
{
    private string? lastProblem;

    public async Task RunAsync(Func<Task> step)
    {
        try
        {
            await step().ConfigureAwait(false);
            if (lastProblem != null && sayWhenBack)
            {
                log.Information("Redis is reachable again");
            }

            lastProblem = null;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            var problem = config.Mask(e.Message.Split('\n')[0]);
            if (problem != lastProblem)
            {
                log.Warning("Redis call failed, retrying: {Problem}", problem);
                lastProblem = problem;
            }
        }
    }
}
