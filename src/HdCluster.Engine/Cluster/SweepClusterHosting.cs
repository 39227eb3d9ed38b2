using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Tools.Client;
using Akka.Hosting;
using HdCluster.Engine.Coordination;
using HdCluster.Engine.Workers;
using Serilog;

namespace HdCluster.Engine.Cluster;

/// <summary>
/// The engine's actors on a cluster: the <see cref="SweepCoordinator"/> (with its aggregator as a child) as a
/// persistent cluster singleton on the <c>coordinator</c> role, registered with the cluster client receptionist for
/// the short-lived clients; worker slots on <c>worker</c> nodes reaching it through the singleton proxy.
/// </summary>
public static class SweepClusterHosting
{
    public const string CoordinatorName = "coordinator";

    /// <summary>Where clients send through the receptionist: the coordinator node's singleton proxy.</summary>
    public const string CoordinatorProxyPath = "/user/" + CoordinatorName + "-proxy";

    public static AkkaConfigurationBuilder WithSweepCoordinator(this AkkaConfigurationBuilder builder, ClusterSettings settings, ILogger log)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(settings.JournalPath))!);
        builder.WithSingleton<SweepCoordinator>(
            CoordinatorName,
            SweepCoordinator.Props(settings.ResultsRoot, log),
            new ClusterSingletonOptions { Role = ClusterNodeHocon.RoleName(ClusterRole.Coordinator) },
            createProxyToo: true);
        builder.WithClusterClientReceptionist(role: ClusterNodeHocon.RoleName(ClusterRole.Coordinator));
        builder.WithActors((system, registry) => ClusterClientReceptionist.Get(system).RegisterService(registry.Get<SweepCoordinator>()));
        return builder;
    }

    /// <param name="slots">This node's slots, given its address (which names them uniquely in the cluster).</param>
    public static AkkaConfigurationBuilder WithWorkerSlots(this AkkaConfigurationBuilder builder, Func<Address, IReadOnlyList<WorkerSlotSettings>> slots, ILogger log)
    {
        builder.WithSingletonProxy<SweepCoordinator>(CoordinatorName, new ClusterSingletonOptions { Role = ClusterNodeHocon.RoleName(ClusterRole.Coordinator) });
        builder.WithActors((system, registry) =>
        {
            var address = Akka.Cluster.Cluster.Get(system).SelfAddress;
            registry.Register<WorkerSlots>(system.ActorOf(WorkerSlots.Props(registry.Get<SweepCoordinator>(), slots(address), log), "workers"));
        });
        return builder;
    }
}
