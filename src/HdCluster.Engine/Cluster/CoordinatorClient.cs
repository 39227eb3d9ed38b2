using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Tools.Client;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;

namespace HdCluster.Engine.Cluster;

/// <summary>
/// A short-lived client of the cluster (hdc submit, status, cancel): a remoting-only actor system that reaches the
/// coordinator through the cluster client receptionist on the seed nodes. It never becomes a member, so starting and
/// ending it (or killing it) changes no membership and asks nothing of the Split Brain Resolver.
/// </summary>
public sealed class CoordinatorClient : IAsyncDisposable
{
    private readonly IHost host;
    private readonly IActorRef client;

    private CoordinatorClient(IHost host, IActorRef client)
    {
        this.host = host;
        this.client = client;
    }

    public ActorSystem System => host.Services.GetRequiredService<ActorSystem>();

    public static async Task<CoordinatorClient> ConnectAsync(ClusterSettings settings, int port, WireManifests manifests, ILogger log, CancellationToken cancellation)
    {
        var contacts = settings.SeedNodes
            .Append($"{settings.Host}:{settings.Port}")
            .Distinct(StringComparer.Ordinal)
            .Select(node => ActorPath.Parse($"{settings.Protocol}://{settings.ClusterName}@{node}/system/receptionist"))
            .ToImmutableHashSet();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddAkka(settings.ClusterName, akka =>
        {
            akka.WithClusterNode(settings, ClusterRole.Client, port, manifests, log);
            akka.AddHocon(ClusterClientReceptionist.DefaultConfig(), HoconAddMode.Append);
            akka.WithActors((system, registry) =>
                registry.Register<CoordinatorClient>(system.ActorOf(ClusterClient.Props(ClusterClientSettings.Create(system).WithInitialContacts(contacts)), "client")));
        });
        var host = builder.Build();
        await host.StartAsync(cancellation).ConfigureAwait(false);
        var registry = host.Services.GetRequiredService<ActorRegistry>();
        return new CoordinatorClient(host, registry.Get<CoordinatorClient>());
    }

    /// <summary>Asks the coordinator; a coordinator that cannot be reached in <paramref name="timeout"/> is a <see cref="TimeoutException"/>.</summary>
    public async Task<object> AskAsync(object message, TimeSpan timeout, CancellationToken cancellation)
    {
        try
        {
            return await client.Ask<object>(new ClusterClient.Send(SweepClusterHosting.CoordinatorProxyPath, message, localAffinity: true), timeout, cancellation).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            throw new TimeoutException($"no answer from the cluster's coordinator within {timeout.TotalSeconds:0} s");
        }
    }

    /// <summary>Sends without waiting for an answer.</summary>
    public void Tell(object message) => client.Tell(new ClusterClient.Send(SweepClusterHosting.CoordinatorProxyPath, message, localAffinity: true));

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await host.StopAsync(timeout.Token).ConfigureAwait(false);
        host.Dispose();
    }
}
