using Akka.Actor;
using Akka.Cluster;

namespace HdCluster.Engine.Cluster;

/// <summary>What the health endpoints answer, apart from HTTP so it can be checked directly.</summary>
public static class NodeHealth
{
    public static bool IsAlive(ActorSystem system) => !system.WhenTerminated.IsCompleted;

    public static bool IsReady(ActorSystem system)
    {
        if (!IsAlive(system))
        {
            return false;
        }

        var cluster = Akka.Cluster.Cluster.Get(system);
        return !cluster.IsTerminated && cluster.SelfMember.Status is MemberStatus.Up or MemberStatus.WeaklyUp;
    }
}
