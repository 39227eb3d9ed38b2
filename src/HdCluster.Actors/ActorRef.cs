namespace HdCluster.Actors;

/// <summary>
/// An immutable handle to one incarnation of an actor: the only way to reach it. Two refs are equal when
/// they point at the same incarnation, so a ref kept from an actor that was stopped and re-created under
/// the same name does not reach the new one (its messages go to dead letters). Refs sort by path.
/// </summary>
public sealed class ActorRef : IEquatable<ActorRef>, IComparable<ActorRef>
{
    private static long lastUid;

    internal ActorRef(ActorSystem system, IMessageTarget target, string path, string name)
    {
        System = system;
        Target = target;
        Path = path;
        Name = name;
        Uid = Interlocked.Increment(ref lastUid);
    }

    /// <summary>Slash-separated position in the hierarchy, such as <c>/user/coordinator/worker-1</c>.</summary>
    public string Path { get; }

    public string Name { get; }

    internal long Uid { get; }

    internal IMessageTarget Target { get; }

    internal ActorSystem System { get; }

    public static bool operator ==(ActorRef? left, ActorRef? right) => Equals(left, right);

    public static bool operator !=(ActorRef? left, ActorRef? right) => !Equals(left, right);

    /// <summary>Queues the message and returns at once. Never throws for a stopped recipient: the message becomes a dead letter.</summary>
    public void Tell(object message, ActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        Target.Deliver(message, sender);
    }

    /// <summary>
    /// Sends the message with a one-off reply address as its sender and waits for the first reply, which must be a
    /// <typeparamref name="TResponse"/> (anything else fails with <see cref="InvalidCastException"/>; a
    /// <see cref="PipedTaskFailed"/> fails with its cause). Fails with <see cref="TimeoutException"/> after
    /// <paramref name="timeout"/>, with <see cref="ActorStoppedException"/> when the recipient is stopped, and with
    /// the handler's exception when the recipient throws while handling it.
    /// </summary>
    /// <remarks>Meant for callers outside the system. Inside an actor, pipe the ask to Self rather than awaiting it.</remarks>
    public async Task<TResponse> Ask<TResponse>(object message, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "An ask needs a positive timeout or Timeout.InfiniteTimeSpan.");
        }

        // A caller that already gave up must not cause side effects in the recipient.
        cancellationToken.ThrowIfCancellationRequested();

        var promise = new AskPromise<TResponse>(this, message.GetType());
        Tell(message, promise.Ref);
        try
        {
            return await promise.Task.WaitAsync(timeout, System.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException) when (promise.TryAbandon())
        {
            throw new TimeoutException(
                $"Ask to actor {Path} with {message.GetType().Name} got no {typeof(TResponse).Name} reply within {timeout}.");
        }
        catch (OperationCanceledException) when (promise.TryAbandon())
        {
            throw;
        }
    }

    public bool Equals(ActorRef? other) => other is not null && Uid == other.Uid;

    public override bool Equals(object? obj) => obj is ActorRef other && Equals(other);

    public override int GetHashCode() => Uid.GetHashCode();

    public int CompareTo(ActorRef? other)
    {
        if (other is null)
        {
            return 1;
        }

        var byPath = string.CompareOrdinal(Path, other.Path);
        return byPath != 0 ? byPath : Uid.CompareTo(other.Uid);
    }

    public override string ToString() => Path;
}
