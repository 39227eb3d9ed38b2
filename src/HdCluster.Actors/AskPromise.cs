namespace HdCluster.Actors;

/// <summary>Lets the kernel fail a pending ask early, without knowing its response type.</summary>
internal interface IAskPromise
{
    void Fail(Exception cause);
}

/// <summary>
/// The one-off reply address behind an ask. It takes the first reply only; anything arriving after
/// that, or after the caller gave up, is a dead letter like any other undeliverable message.
/// </summary>
internal sealed class AskPromise<TResponse> : IMessageTarget, IAskPromise
{
    private readonly TaskCompletionSource<TResponse> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ActorRef recipient;
    private readonly Type messageType;

    public AskPromise(ActorRef recipient, Type messageType)
    {
        this.recipient = recipient;
        this.messageType = messageType;
        Ref = recipient.System.CreateTemporaryRef(this, "ask");
    }

    public ActorRef Ref { get; }

    public Task<TResponse> Task => completion.Task;

    public void Deliver(object message, ActorRef? sender)
    {
        var settled = message switch
        {
            TResponse response => completion.TrySetResult(response),

            // Replying with a piped failure is how an actor answers an ask from asynchronous work that failed.
            PipedTaskFailed failed => completion.TrySetException(failed.Cause),
            _ => completion.TrySetException(new InvalidCastException(
                $"The ask of {recipient.Path} with {messageType.Name} was answered with {message.GetType().Name}, not {typeof(TResponse).Name}.")),
        };

        if (!settled)
        {
            recipient.System.PublishDeadLetter(message, sender, Ref);
        }
    }

    public void Fail(Exception cause) => completion.TrySetException(cause);

    /// <summary>True when the ask was still pending, so the caller's own timeout or cancellation is what ended it.</summary>
    public bool TryAbandon() => completion.TrySetCanceled();
}
