namespace HdCluster.Actors;

/// <summary>
/// The recipe for an actor. The system keeps the factory, not an instance, because every restart
/// must start from a fresh instance with clean state.
/// </summary>
public sealed class Props
{
    private Props(Type actorType, Func<Actor> factory)
    {
        ActorType = actorType;
        Factory = factory;
    }

    public Type ActorType { get; }

    internal Func<Actor> Factory { get; }

    /// <summary>The factory must build a new instance on every call: it runs once per start and once per restart.</summary>
    public static Props Create<TActor>(Func<TActor> factory)
        where TActor : Actor
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new Props(typeof(TActor), factory);
    }

    public static Props Create<TActor>()
        where TActor : Actor, new() =>
        Create(() => new TActor());
}
