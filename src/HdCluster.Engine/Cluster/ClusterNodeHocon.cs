using System.Globalization;
using System.Text;

namespace HdCluster.Engine.Cluster;

/// <summary>
/// The HOCON a node starts with: remoting, membership timings, the Split Brain Resolver and (on the coordinator)
/// the SQLite journal. Built as text so that what a node runs with can be read, tested and logged; it never holds
/// a secret (the TLS certificate is handed to remoting as a loaded object, see <see cref="ClusterNodeHosting"/>).
/// </summary>
public static class ClusterNodeHocon
{
    /// <summary>Remoting's frame limit: a finished cell's curves (one row per step) exceed Akka's 128 KiB default.</summary>
    public const int MaximumFrameBytes = 32 * 1024 * 1024;

    public static string For(ClusterSettings settings, ClusterRole role, int port)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $$"""
            akka {
              actor.provider = {{(role == ClusterRole.Client ? "remote" : "cluster")}}
              remote.dot-netty.tcp {
                hostname = {{Quote(settings.Host)}}
                port = {{port}}
                maximum-frame-size = {{MaximumFrameBytes}}b
                send-buffer-size = {{MaximumFrameBytes}}b
                receive-buffer-size = {{MaximumFrameBytes}}b
              }
              # A node gone for good is not retried forever: quarantine its address quickly.
              remote.retry-gate-closed-for = 2s
            }
            """);
        if (role == ClusterRole.Client)
        {
            return text.ToString();
        }

        var seeds = settings.Discovery == ClusterDiscovery.Seeds
            ? string.Join(", ", settings.SeedNodes.Select(s => Quote($"{settings.Protocol}://{settings.ClusterName}@{s}")))
            : "";
        var stable = settings.SplitBrain.StableAfter.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        text.AppendLine(CultureInfo.InvariantCulture, $$"""
            akka.cluster {
              roles = [{{RoleName(role)}}]
              seed-nodes = [{{seeds}}]
              # A node whose join went unanswered (its seed restarting) asks again after 2 s, not 10 s.
              retry-unsuccessful-join-after = 2s
              shutdown-after-unsuccessful-join-seed-nodes = off
              # One heartbeat a second; a node silent for 3 s more is unreachable.
              failure-detector {
                heartbeat-interval = 1s
                acceptable-heartbeat-pause = 3s
                threshold = 8.0
              }
              downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
              split-brain-resolver {
                active-strategy = {{settings.SplitBrain.Strategy}}
                stable-after = {{stable}}s
                # The oldest node alone on its side is downed, so one crashed node of either role is removed
                # and the rest go on; the oldest side wins every other split (see docs/cluster.md).
                keep-oldest {
                  down-if-alone = on
                  role = ""
                }
              }
              # A downed node stops its actor system, and hdc exits, so a supervisor (Kubernetes) restarts it.
              run-coordinated-shutdown-when-down = on
            }
            akka.coordinated-shutdown.exit-clr = off
            """);
        if (role == ClusterRole.Coordinator)
        {
            var connection = Quote($"Data Source={Path.GetFullPath(settings.JournalPath)};Pooling=True");
            text.AppendLine(CultureInfo.InvariantCulture, $$"""
                akka.persistence {
                  journal {
                    plugin = "akka.persistence.journal.sql"
                    sql {
                      connection-string = {{connection}}
                      provider-name = "SQLite.MS"
                      auto-initialize = true
                    }
                  }
                  snapshot-store {
                    plugin = "akka.persistence.snapshot-store.sql"
                    sql {
                      connection-string = {{connection}}
                      provider-name = "SQLite.MS"
                      auto-initialize = true
                    }
                  }
                }
                """);
        }

        return text.ToString();
    }

    public static string RoleName(ClusterRole role) => role.ToString().ToLowerInvariant();

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
