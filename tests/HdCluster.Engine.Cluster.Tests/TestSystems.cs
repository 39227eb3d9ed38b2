using System.Collections.Immutable;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Serialization;

namespace HdCluster.Engine.Cluster.Tests;

/// <summary>In-process actor systems with the stable-manifest serializer bound to a given table.</summary>
internal static class TestSystems
{
    public static ActorSystem Create(string name, string hocon, WireManifests table)
    {
        var serialization = SerializationSetup.Create(system => ImmutableHashSet.Create(
            SerializerDetails.Create("hdc-wire", new StableManifestSerializer(system, table), table.Types.ToImmutableHashSet())));
        var config = ConfigurationFactory.ParseString(hocon + "\nakka.loglevel = WARNING").WithFallback(Akka.Persistence.Sql.SqlPersistence.DefaultConfiguration);
        var bootstrap = BootstrapSetup.Create().WithConfig(config);
        return ActorSystem.Create(name, ActorSystemSetup.Create(bootstrap, serialization));
    }
}
