using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Discovery.KubernetesApi;
using Akka.Hosting;
using Akka.Logger.Serilog;
using Akka.Remote.Hosting;
using Akka.Remote.Transport.DotNetty;
using Serilog;

namespace HdCluster.Engine.Cluster;

/// <summary>
/// Composes one cluster node with Akka.Hosting: remoting (TLS when on), membership with roles and the Split Brain
/// Resolver, seed nodes or the Kubernetes API, the SQLite
/// journal on the coordinator, the stable-manifest serializer and Serilog. The node's own actors are added by the
/// caller on the same builder.
/// </summary>
public static class ClusterNodeHosting
{
    public static AkkaConfigurationBuilder WithClusterNode(
        this AkkaConfigurationBuilder builder, ClusterSettings settings, ClusterRole role, int port, WireManifests manifests, ILogger log)
    {
        builder.AddHocon(ClusterNodeHocon.For(settings, role, port), HoconAddMode.Prepend);
        if (role == ClusterRole.Coordinator)
        {
            // The SQL journal's own defaults (table names, batching) under the plugin paths set above.
            builder.AddHocon(Akka.Persistence.Sql.SqlPersistence.DefaultConfiguration, HoconAddMode.Append);
        }

        builder.WithRemoting(Remoting(settings, port));
        builder.ConfigureLoggers(loggers =>
        {
            loggers.ClearLoggers();
            loggers.AddLogger<SerilogLogger>();
        });
        builder.WithCustomSerializer("hdc-wire", manifests.Types, system => new StableManifestSerializer(system, manifests));
        if (role == ClusterRole.Client)
        {
            return builder;
        }

        // Brings in Akka.Cluster's defaults; roles, seeds, timings and the resolver come from the HOCON above,
        // which is prepended and so wins over anything this adds.
        builder.WithClustering(new ClusterOptions { Roles = [ClusterNodeHocon.RoleName(role)] });
        if (settings.Discovery == ClusterDiscovery.Kubernetes)
        {
            builder.WithKubernetesDiscovery(options => options.PodLabelSelector = settings.PodLabelSelector);
            builder.WithActors((system, _) => system.ActorOf(KubernetesSeedJoiner.Props(settings, log), "kubernetes-seeds"));
        }

        builder.WithActors((system, _) => system.ActorOf(MembershipLog.Props(log), "membership"));
        return builder;
    }

    private static RemoteOptions Remoting(ClusterSettings settings, int port)
    {
        var options = new RemoteOptions
        {
            HostName = settings.Host,
            Port = port,
            MaxFrameSize = ClusterNodeHocon.MaximumFrameBytes,
            SendBufferSize = ClusterNodeHocon.MaximumFrameBytes,
            ReceiveBufferSize = ClusterNodeHocon.MaximumFrameBytes,
        };
        if (!settings.Tls.Enabled)
        {
            return options;
        }

        var certificate = settings.Tls.LoadCertificate();
        options.EnableSsl = true;
        options.Ssl = new SslOptions
        {
            X509Certificate = certificate,
            RequireMutualAuthentication = true,
            SuppressValidation = false,
            ValidateCertificateHostname = false,

            // Every node holds the one cluster certificate, so a peer is ours exactly when it presents it.
            CustomValidator = CertificateValidation.PinnedCertificate(certificate.Thumbprint),
        };
        return options;
    }
}
