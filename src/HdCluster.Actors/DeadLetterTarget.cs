namespace HdCluster.Actors;

/// <summary>Behind <see cref="ActorSystem.DeadLetters"/>: replies to nobody end up here rather than throwing.</summary>
internal sealed class DeadLetterTarget(ActorSystem system) : IMessageTarget
{
    public void Deliver(object message, ActorRef? sender) =>
        system.PublishDeadLetter(message, sender, system.DeadLetters);
}
