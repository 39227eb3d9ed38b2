namespace HdCluster.Actors;

/// <summary>
/// The kernel's own traffic between actors. These share the mailbox channel with user messages but are
/// handled ahead of them, and they still flow while an actor is suspended after a failure, so a
/// failed actor can always be stopped, restarted or watched. Users cannot construct them.
/// </summary>
internal abstract record SystemMessage;

internal sealed record StopRequested : SystemMessage
{
    public static StopRequested Instance { get; } = new();
}

internal sealed record ChildFailed(ActorCell Child, Exception Cause, Envelope? FailedMessage) : SystemMessage;

internal sealed record RestartDue(Exception Cause, Envelope? FailedMessage, bool Redeliver) : SystemMessage;

internal sealed record WatchRequested(ActorCell Watcher) : SystemMessage;

internal sealed record UnwatchRequested(ActorCell Watcher) : SystemMessage;

internal sealed record WatchedActorTerminated(ActorRef Actor) : SystemMessage;
