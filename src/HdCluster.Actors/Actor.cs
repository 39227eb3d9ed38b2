namespace HdCluster.Actors;

/// <summary>
/// Base class for actors. State lives in private fields and is touched only by <see cref="ReceiveAsync"/>
/// and the lifecycle hooks, which the system never runs concurrently, so actors need no locks.
/// </summary>
/// <remarks>
/// The mailbox waits for the task from <see cref="ReceiveAsync"/> before the next message, so an
/// awaiting handler holds up the whole mailbox. Long work belongs in a task whose result is piped back
/// (<see cref="PipeToExtensions"/>), leaving the actor free to answer in the meantime.
/// </remarks>
public abstract class Actor
{
    private readonly ActorCell cell;

    protected Actor()
    {
        // Binding at construction (not after) lets constructors use Context, and catches instances built
        // outside the system, which would have no mailbox and could never be restarted.
        cell = ActorCell.ClaimConstruction() ?? throw new InvalidOperationException(
            $"{GetType().Name} must be created by the actor system from Props (ActorSystem.ActorOf or Context.ActorOf), not with 'new'.");
    }

    internal ActorCell Cell => cell;

    protected IActorContext Context => cell;

    protected ActorRef Self => cell.Self;

    /// <summary>Who sent the current message; <see cref="ActorSystem.DeadLetters"/> when nobody did.</summary>
    protected ActorRef Sender => cell.Sender;

    /// <summary>How this actor supervises its children. Read on every child failure.</summary>
    protected internal virtual SupervisorStrategy SupervisorStrategy => SupervisorStrategy.Default;

    protected internal abstract Task ReceiveAsync(object message);

    /// <summary>Runs before the first message. An exception here is a failure the parent supervises.</summary>
    protected internal virtual void PreStart()
    {
    }

    /// <summary>Runs once when the actor stops, after its children have stopped; only for an instance whose start completed.</summary>
    protected internal virtual void PostStop()
    {
    }

    /// <summary>
    /// Runs on the failed instance before it is replaced, after its children have been stopped.
    /// <paramref name="message"/> is the message whose handler threw, or null when the failure happened outside a handler.
    /// The default calls <see cref="PostStop"/> so that resources are released the same way as on stop.
    /// </summary>
    protected internal virtual void PreRestart(Exception cause, object? message) => PostStop();

    /// <summary>Runs on the fresh instance instead of <see cref="PreStart"/>; the default calls <see cref="PreStart"/>.</summary>
    protected internal virtual void PostRestart(Exception cause) => PreStart();

    /// <summary>Reports a message this actor has no handler for, so it shows up in the logs instead of vanishing.</summary>
    protected void Unhandled(object message) => cell.Unhandled(message);
}
