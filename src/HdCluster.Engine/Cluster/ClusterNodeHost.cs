using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;

namespace HdCluster.Engine.Cluster;

/// <summary>
/// Runs one cluster node until it is asked to stop or the cluster downs it. Leaving is graceful on a stop (the
/// node leaves the membership first, so the others need not wait for the failure detector).
/// </summary>
public static class ClusterNodeHost
{
    /// <returns>True when the node stopped because it was asked to; false when the actor system ended by itself (downed).</returns>
    public static async Task<bool> RunAsync(
        ClusterSettings settings,
        ClusterRole role,
        int port,
        WireManifests manifests,
        ILogger log,
        Action<AkkaConfigurationBuilder, ClusterSettings> roleActors,
        CancellationToken cancellation)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddAkka(settings.ClusterName, akka =>
        {
            akka.WithClusterNode(settings, role, port, manifests, log);
            roleActors(akka, settings);
        });
        using var host = builder.Build();
        await host.StartAsync(cancellation).ConfigureAwait(false);
        var system = host.Services.GetRequiredService<ActorSystem>();
        var self = Akka.Cluster.Cluster.Get(system).SelfAddress;
        await using var health = role == ClusterRole.Client ? null : NodeHealthEndpoint.Start(system, settings.ManagementPort, log);
        log.Information("Node {Address} started as {Role}: {Settings}", self.ToString(), ClusterNodeHocon.RoleName(role), settings.Describe());
        var asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (cancellation.Register(() => asked.TrySetResult()))
        {
            await Task.WhenAny(asked.Task, system.WhenTerminated).ConfigureAwait(false);
        }

        var stoppedByRequest = asked.Task.IsCompleted;
        if (!stoppedByRequest)
        {
            log.Error("Node {Address} left the cluster (downed or shut down) and stops", self.ToString());
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await host.StopAsync(timeout.Token).ConfigureAwait(false);
        return stoppedByRequest;
    }
}
