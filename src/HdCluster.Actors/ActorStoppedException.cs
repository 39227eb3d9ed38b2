namespace HdCluster.Actors;

/// <summary>
/// An ask went to dead letters because its recipient had stopped. Raised at once, so callers do not
/// wait out the whole ask timeout for an answer that cannot come.
/// </summary>
public sealed class ActorStoppedException : Exception
{
    public ActorStoppedException(ActorRef actor, Type messageType)
        : base($"Actor {actor.Path} is stopped; the {messageType.Name} asked of it went to dead letters.")
    {
        Actor = actor;
    }

    public ActorRef Actor { get; }
}
