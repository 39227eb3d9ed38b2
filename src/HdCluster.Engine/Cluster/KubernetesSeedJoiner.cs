using System.Globalization;
using Akka.Actor;
using Akka.Discovery;
using Serilog;

namespace HdCluster.Engine.Cluster;

/// <summary>
/// On Kubernetes, finds the cluster's pods through the Kubernetes API (label selector, port named <c>remoting</c>) and
/// joins with every one of them as a seed node, lowest address first. A restarted node therefore asks the running
/// nodes before it could ever form a cluster of its own; on a fresh deployment the lowest address forms it.
/// </summary>
public sealed class KubernetesSeedJoiner : ReceiveActor, IWithTimers
{
    private readonly ClusterSettings settings;
    private readonly ILogger log;

    public KubernetesSeedJoiner(ClusterSettings settings, ILogger log)
    {
        this.settings = settings;
        this.log = log.ForContext("SourceContext", "kubernetes-discovery");
        Receive<LookUp>(_ => Discovery.Get(Context.System).Default
            .Lookup(new Lookup(settings.ClusterName, portName: "remoting", protocol: "tcp"), TimeSpan.FromSeconds(5))
            .PipeTo(Self, failure: e => new LookupFailed(e.Message)));
        Receive<ServiceDiscovery.Resolved>(Found);
        Receive<LookupFailed>(f =>
        {
            this.log.Warning("Looking up the cluster's pods failed: {Error}; trying again", f.Error);
            Timers.StartSingleTimer("look-up", LookUp.Instance, TimeSpan.FromSeconds(2));
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(ClusterSettings settings, ILogger log) => Akka.Actor.Props.Create(() => new KubernetesSeedJoiner(settings, log));

    protected override void PreStart() => Self.Tell(LookUp.Instance);

    private void Found(ServiceDiscovery.Resolved resolved)
    {
        var seeds = resolved.Addresses
            .Where(a => a.Address is not null || a.Host.Length > 0)
            .Select(a => new Address(settings.Protocol, settings.ClusterName, a.Address?.ToString() ?? a.Host, a.Port ?? settings.Port))
            .Distinct()
            .OrderBy(a => a.Host, StringComparer.Ordinal)
            .ThenBy(a => a.Port)
            .ToList();
        if (seeds.Count < settings.RequiredContactPoints)
        {
            log.Information("Found {Count} of {Required} pods; looking again", seeds.Count, settings.RequiredContactPoints);
            Timers.StartSingleTimer("look-up", LookUp.Instance, TimeSpan.FromSeconds(2));
            return;
        }

        log.Information("Joining through {Seeds}", string.Join(", ", seeds.Select(s => s.ToString())));
        Akka.Cluster.Cluster.Get(Context.System).JoinSeedNodes(seeds);
        Context.Stop(Self);
    }

    private sealed record LookUp
    {
        public static LookUp Instance { get; } = new();
    }

    private sealed record LookupFailed(string Error);
}
