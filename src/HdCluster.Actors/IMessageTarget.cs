namespace HdCluster.Actors;

/// <summary>Whatever an <see cref="ActorRef"/> delivers to: an actor's mailbox, an ask's promise, or dead letters.</summary>
internal interface IMessageTarget
{
    /// <summary>Must never throw: senders rely on Tell being fire and forget.</summary>
    void Deliver(object message, ActorRef? sender);
}
