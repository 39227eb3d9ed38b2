using Akka.Actor;
using Akka.Cluster;
using Serilog;
using static Akka.Cluster.ClusterEvent;

namespace HdCluster.Engine.Cluster;

/// <summary>
/// Writes every membership change this node sees to the log: who joined with which roles, who became unreachable,
/// who was downed and removed. Operators (and the real-process tests) read failover from these lines.
/// </summary>
public sealed class MembershipLog : ReceiveActor
{
    private readonly ILogger log;

    public MembershipLog(ILogger log)
    {
        this.log = log.ForContext("SourceContext", "membership");
        Receive<MemberUp>(e => this.log.Information("Node {Address} is up with roles {Roles}", e.Member.Address.ToString(), string.Join(",", e.Member.Roles)));
        Receive<UnreachableMember>(e => this.log.Warning("Node {Address} is unreachable", e.Member.Address.ToString()));
        Receive<ReachableMember>(e => this.log.Information("Node {Address} is reachable again", e.Member.Address.ToString()));
        Receive<MemberDowned>(e => this.log.Warning("Node {Address} was downed", e.Member.Address.ToString()));
        Receive<MemberRemoved>(e => this.log.Information("Node {Address} was removed (was {PreviousStatus})", e.Member.Address.ToString(), e.PreviousStatus.ToString()));
        Receive<IMemberEvent>(_ => { });
        Receive<IReachabilityEvent>(_ => { });
    }

    public static Props Props(ILogger log) => Akka.Actor.Props.Create(() => new MembershipLog(log));

    protected override void PreStart() =>
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, InitialStateAsEvents, typeof(IMemberEvent), typeof(IReachabilityEvent));

    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
}
