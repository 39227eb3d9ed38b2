using Akka.Actor;
using Serilog;

namespace HdCluster.Engine.Workers;

/// <summary>
/// The parent of a node's worker slots, one child per device slot. A slot that crashes (not its training, which
/// reports failures as messages) restarts, giving its work back first; one that keeps crashing is stopped, and its
/// coordinator, which watches it, hands its cells to the others.
/// </summary>
public sealed class WorkerSlots : ReceiveActor
{
    public WorkerSlots(IActorRef coordinator, IReadOnlyList<WorkerSlotSettings> slots, ILogger log)
    {
        foreach (var slot in slots)
        {
            Context.ActorOf(Akka.Actor.Props.Create(() => new WorkerSlot(coordinator, slot, log)), slot.Name);
        }
    }

    public static Props Props(IActorRef coordinator, IReadOnlyList<WorkerSlotSettings> slots, ILogger log) =>
        Akka.Actor.Props.Create(() => new WorkerSlots(coordinator, slots, log));

    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(5, TimeSpan.FromMinutes(1), _ => Directive.Restart);
}
