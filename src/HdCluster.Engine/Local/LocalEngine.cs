using Akka.Configuration;
using Akka.Hosting;
using HdCluster.Engine.Coordination;
using HdCluster.Engine.Workers;
using Serilog;

namespace HdCluster.Engine.Local;

/// <summary>
/// Local mode: the engine's actors in one process, with no external service and no network. The coordinator (with
/// its aggregator) and this machine's worker slots are started and registered in the <see cref="ActorRegistry"/>
/// (as <see cref="SweepCoordinator"/> and <see cref="WorkerSlots"/>). The journal is Akka's in-memory one: it starts
/// at once, and local durability is the Parquet files, from which a rerun resumes.
/// </summary>
public static class LocalEngine
{
    private static readonly Config InMemoryPersistence = ConfigurationFactory.ParseString("""
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """);

    public static AkkaConfigurationBuilder WithLocalSweepEngine(this AkkaConfigurationBuilder builder, SweepRunOptions options, ILogger log) =>
        builder
            .AddHocon(InMemoryPersistence, HoconAddMode.Prepend)
            .WithActors((system, registry) =>
            {
                var coordinator = system.ActorOf(SweepCoordinator.Props(options.ResultsRoot, log), "coordinator");
                registry.Register<SweepCoordinator>(coordinator);
                registry.Register<WorkerSlots>(system.ActorOf(WorkerSlots.Props(coordinator, options.Slots(Environment.MachineName), log), "workers"));
            });
}
