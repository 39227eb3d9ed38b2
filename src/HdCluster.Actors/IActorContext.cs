namespace HdCluster.Actors;

/// <summary>
/// An actor's view of the system while it handles a message. Only valid on the actor's own turn
/// (its handler and lifecycle hooks), never from piped or background work.
/// </summary>
public interface IActorContext
{
    ActorRef Self { get; }

    /// <summary>Who sent the current message; <see cref="ActorSystem.DeadLetters"/> when nobody did, so replies never throw.</summary>
    ActorRef Sender { get; }

    ActorRef Parent { get; }

    ActorSystem System { get; }

    ActorLogger Log { get; }

    /// <summary>Live children in creation order. A stopped child leaves this list once it has fully stopped.</summary>
    IReadOnlyList<ActorRef> Children { get; }

    /// <summary>Creates a child supervised by this actor, at <c>{Self.Path}/{name}</c>. The name must be unique among live siblings.</summary>
    ActorRef ActorOf(Props props, string name);

    /// <summary>Asks an actor to stop once its current message is handled; messages still queued go to dead letters.</summary>
    void Stop(ActorRef actor);

    /// <summary>Delivers <see cref="Terminated"/> when the actor stops, or straight away if it already has.</summary>
    void Watch(ActorRef actor);

    /// <summary>Cancels a watch; a <see cref="Terminated"/> not yet handled is dropped.</summary>
    void Unwatch(ActorRef actor);
}
