namespace HdCluster.Actors;

/// <summary>
/// Hosts a tree of actors under <c>/user</c>, supervises the top-level ones with
/// <see cref="ActorSystemOptions.GuardianStrategy"/>, counts dead letters and shuts the tree down in order.
/// </summary>
public sealed class ActorSystem : IAsyncDisposable
{
    private readonly ActorSystemOptions options;
    private readonly ActorCell guardian;
    private readonly ActorLogger log;
    private readonly object shutdownGate = new();
    private long deadLetterCount;
    private long lastTemporaryId;
    private bool shuttingDown;

    public ActorSystem(string name, ActorSystemOptions? options = null)
    {
        ActorNames.Validate(name);
        Name = name;
        this.options = options ?? new ActorSystemOptions();
        log = CreateLogger("/system");
        DeadLetters = new ActorRef(this, new DeadLetterTarget(this), "/deadLetters", "deadLetters");
        var guardianStrategy = this.options.GuardianStrategy;
        guardian = new ActorCell(this, null, Props.Create(() => new GuardianActor(guardianStrategy)), "/user", "user");
        guardian.Start();
    }

    /// <summary>Raised on the sending thread for every dead letter; a throwing subscriber is logged and ignored.</summary>
    public event EventHandler<DeadLetter>? DeadLetterPublished;

    public string Name { get; }

    /// <summary>Where undeliverable messages go; also the <see cref="IActorContext.Sender"/> of a message sent without one.</summary>
    public ActorRef DeadLetters { get; }

    public long DeadLetterCount => Interlocked.Read(ref deadLetterCount);

    internal TimeProvider TimeProvider => options.TimeProvider;

    /// <summary>Creates a top-level actor at <c>/user/{name}</c>.</summary>
    public ActorRef ActorOf(Props props, string name)
    {
        lock (shutdownGate)
        {
            if (shuttingDown)
            {
                throw new InvalidOperationException($"Actor system {Name} is shutting down and cannot create '{name}'.");
            }
        }

        return guardian.ActorOf(props, name);
    }

    /// <summary>
    /// Stops the actor after its current message (children first, deepest first) and completes when it has
    /// fully stopped. Bound the wait by the caller's needs: a handler that never returns blocks the stop.
    /// </summary>
    public Task StopAsync(ActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Target is not ActorCell cell)
        {
            return Task.CompletedTask;
        }

        cell.RequestStop();
        return cell.Termination;
    }

    /// <summary>
    /// Stops every top-level actor, newest first, each with its whole subtree, and completes when all
    /// have stopped. Throws <see cref="TimeoutException"/> naming the actors still running if that takes
    /// longer than <paramref name="timeout"/>; the shutdown carries on and a later call can wait again.
    /// </summary>
    public async Task ShutdownAsync(TimeSpan timeout)
    {
        lock (shutdownGate)
        {
            if (!shuttingDown)
            {
                shuttingDown = true;
                log.Information("Actor system {ActorSystem} shutting down", Name);
                guardian.RequestStop();
            }
        }

        try
        {
            // Measured on the real clock, not the injected one: this guards the host against a stuck actor,
            // and must keep doing so when a test has frozen the actor clock.
            await guardian.Termination.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            var running = new List<string>();
            guardian.CollectRunning(running);
            throw new TimeoutException(
                $"Actor system {Name} did not stop within {timeout}; still running: {string.Join(", ", running)}.");
        }

        log.Information("Actor system {ActorSystem} stopped", Name);
    }

    /// <summary>Shuts down within <see cref="ActorSystemOptions.DisposeTimeout"/>; a shutdown that overruns is logged, not thrown.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await ShutdownAsync(options.DisposeTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException timeout)
        {
            log.Error(timeout, "Actor system {ActorSystem} did not stop within {Timeout}", Name, options.DisposeTimeout);
        }
    }

    internal ActorLogger CreateLogger(string source) => new(source, options.Log, options.TimeProvider);

    internal ActorRef CreateTemporaryRef(IMessageTarget target, string prefix)
    {
        var name = $"{prefix}-{Interlocked.Increment(ref lastTemporaryId)}";
        return new ActorRef(this, target, $"/temp/{name}", name);
    }

    internal void PublishDeadLetter(object message, ActorRef? sender, ActorRef recipient)
    {
        Interlocked.Increment(ref deadLetterCount);
        if (sender?.Target is IAskPromise ask)
        {
            ask.Fail(new ActorStoppedException(recipient, message.GetType()));
        }

        log.Information(
            "Dead letter {MessageType} from {Sender} to {Recipient}",
            message.GetType().Name,
            sender?.Path ?? "nobody",
            recipient.Path);

        var subscribers = DeadLetterPublished;
        if (subscribers is null)
        {
            return;
        }

        try
        {
            subscribers(this, new DeadLetter(message, sender, recipient));
        }
        catch (Exception subscriberError)
        {
            log.Error(subscriberError, "A dead letter subscriber threw while handling {MessageType}", message.GetType().Name);
        }
    }
}
