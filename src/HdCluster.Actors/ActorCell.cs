using System.Threading.Channels;

namespace HdCluster.Actors;

/// <summary>
/// The runtime behind one actor: its mailbox, its place in the tree, and the single loop that runs its
/// instance. Everything that reads or writes actor state happens on that loop, one step at a time, so
/// neither the actor nor this class needs locks for it; only the children registry is shared with other
/// threads (a parent's loop, external callers of ActorOf) and sits behind a lock.
/// </summary>
internal sealed class ActorCell : IActorContext, IMessageTarget
{
    // A busy actor yields its thread after this many messages in a row so that actors sharing the
    // thread pool with it are not starved while its mailbox is flooded.
    private const int MessagesPerTurn = 64;

    [ThreadStatic]
    private static ActorCell? constructing;

    private readonly ActorSystem system;
    private readonly ActorCell? parent;
    private readonly Props props;

    // One channel for both kinds of traffic keeps a single thing to wait on; the loop sorts what it reads
    // into the two queues below so that system messages overtake queued user messages.
    private readonly Channel<Envelope> mailbox = Channel.CreateUnbounded<Envelope>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Queue<SystemMessage> pendingSystem = new();
    private readonly Queue<Envelope> pendingUser = new();

    private readonly object childrenGate = new();
    private readonly List<ActorCell> children = [];
    private readonly Dictionary<string, ActorCell> childrenByName = new(StringComparer.Ordinal);
    private bool childrenClosed;

    private readonly HashSet<ActorCell> watchers = [];
    private readonly HashSet<ActorRef> watching = [];
    private readonly TaskCompletionSource termination = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private Actor? actor;
    private bool actorStarted;
    private CellState state = CellState.Starting;
    private Envelope? current;
    private Envelope? redelivery;

    internal ActorCell(ActorSystem system, ActorCell? parent, Props props, string path, string name)
    {
        this.system = system;
        this.parent = parent;
        this.props = props;
        Self = new ActorRef(system, this, path, name);
        Log = system.CreateLogger(path);
    }

    private enum CellState
    {
        Starting,
        Running,

        // Threw and waits for its parent's decision; user messages stay queued, system messages still flow.
        Failed,
        Stopping,
        Stopped,
    }

    public ActorRef Self { get; }

    public ActorRef Sender => current?.Sender ?? system.DeadLetters;

    public ActorRef Parent => parent?.Self ?? system.DeadLetters;

    public ActorSystem System => system;

    public ActorLogger Log { get; }

    public IReadOnlyList<ActorRef> Children
    {
        get
        {
            lock (childrenGate)
            {
                return children.Select(child => child.Self).ToArray();
            }
        }
    }

    internal Task Termination => termination.Task;

    /// <summary>When this actor was restarted, for its parent's retry budget. Only the parent's loop touches it.</summary>
    internal List<DateTimeOffset> RestartTimes { get; } = [];

    internal static ActorCell? ClaimConstruction()
    {
        // Claimed once, so a factory that builds two actors cannot bind both to the same cell.
        var cell = constructing;
        constructing = null;
        return cell;
    }

    internal void Start() => _ = Task.Run(RunAsync);

    internal void RequestStop() => PostSystem(StopRequested.Instance);

    public void Deliver(object message, ActorRef? sender)
    {
        if (!mailbox.Writer.TryWrite(new Envelope(message, sender)))
        {
            system.PublishDeadLetter(message, sender, Self);
        }
    }

    public ActorRef ActorOf(Props props, string name)
    {
        ArgumentNullException.ThrowIfNull(props);
        ActorNames.Validate(name);
        ActorCell child;
        lock (childrenGate)
        {
            if (childrenClosed)
            {
                throw new InvalidOperationException($"Actor {Self.Path} is stopping and cannot create child '{name}'.");
            }

            if (childrenByName.ContainsKey(name))
            {
                throw new InvalidOperationException($"Actor {Self.Path} already has a child named '{name}'.");
            }

            child = new ActorCell(system, this, props, $"{Self.Path}/{name}", name);
            children.Add(child);
            childrenByName.Add(name, child);
        }

        child.Start();
        return child.Self;
    }

    public void Stop(ActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        (actor.Target as ActorCell)?.RequestStop();
    }

    public void Watch(ActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);

        // An actor cannot receive its own Terminated, and a second watch of the same actor adds nothing.
        if (actor == Self || !watching.Add(actor))
        {
            return;
        }

        if (actor.Target is ActorCell target)
        {
            target.PostSystem(new WatchRequested(this));
        }
        else
        {
            // Only actors have a lifetime to watch; any other ref (dead letters, an ask) counts as already gone.
            PostSystem(new WatchedActorTerminated(actor));
        }
    }

    public void Unwatch(ActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (watching.Remove(actor) && actor.Target is ActorCell target)
        {
            target.PostSystem(new UnwatchRequested(this));
        }
    }

    internal void Unhandled(object message) =>
        Log.Warning("Unhandled {MessageType} from {Sender}", message.GetType().Name, Sender.Path);

    internal void CollectRunning(List<string> paths)
    {
        ActorCell[] snapshot;
        lock (childrenGate)
        {
            snapshot = [.. children];
        }

        foreach (var child in snapshot)
        {
            child.CollectRunning(paths);
        }

        if (!Termination.IsCompleted)
        {
            paths.Add(Self.Path);
        }
    }

    private void PostSystem(SystemMessage message)
    {
        if (!mailbox.Writer.TryWrite(new Envelope(message, null)))
        {
            AnswerAfterStop(message);
        }
    }

    private async Task RunAsync()
    {
        try
        {
            CreateInstance(restartCause: null);
            var handledInARow = 0;
            while (true)
            {
                DrainMailbox();
                if (pendingSystem.TryDequeue(out var systemMessage))
                {
                    await HandleSystemMessageAsync(systemMessage).ConfigureAwait(false);
                    if (state == CellState.Stopped)
                    {
                        return;
                    }

                    continue;
                }

                if (state == CellState.Running && TryTakeUserMessage(out var envelope))
                {
                    await InvokeAsync(envelope).ConfigureAwait(false);
                    if (++handledInARow >= MessagesPerTurn)
                    {
                        handledInARow = 0;
                        await Task.Yield();
                    }

                    continue;
                }

                handledInARow = 0;
                if (!await mailbox.Reader.WaitToReadAsync().ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        catch (Exception kernelError)
        {
            // Only a bug in this class gets here. Finishing the stop keeps watchers and the parent from waiting forever.
            Log.Error(kernelError, "Actor loop crashed; stopping the actor");
            if (state != CellState.Stopped)
            {
                FinishStop();
            }
        }
    }

    private void DrainMailbox()
    {
        while (mailbox.Reader.TryRead(out var envelope))
        {
            if (envelope.Message is SystemMessage systemMessage)
            {
                pendingSystem.Enqueue(systemMessage);
            }
            else
            {
                pendingUser.Enqueue(envelope);
            }
        }
    }

    private bool TryTakeUserMessage(out Envelope envelope)
    {
        if (redelivery is { } failed)
        {
            redelivery = null;
            envelope = failed;
            return true;
        }

        return pendingUser.TryDequeue(out envelope);
    }

    private async Task InvokeAsync(Envelope envelope)
    {
        if (envelope.Message is WatchedActorTerminated notice)
        {
            // Checked here rather than when the notice arrived, so an Unwatch in between still drops it.
            if (!watching.Remove(notice.Actor))
            {
                return;
            }

            envelope = new Envelope(new Terminated(notice.Actor), notice.Actor);
        }

        current = envelope;
        try
        {
            await actor!.ReceiveAsync(envelope.Message).ConfigureAwait(false);
        }
        catch (Exception failure)
        {
            Fail(failure, envelope);
        }
        finally
        {
            current = null;
        }
    }

    private async Task HandleSystemMessageAsync(SystemMessage message)
    {
        switch (message)
        {
            case StopRequested:
                await StopAsync().ConfigureAwait(false);
                break;
            case ChildFailed failure:
                Supervise(failure);
                break;
            case RestartDue restart when state == CellState.Failed:
                await RestartAsync(restart).ConfigureAwait(false);
                break;
            case WatchRequested request when request.Watcher != this:
                watchers.Add(request.Watcher);
                break;
            case UnwatchRequested request:
                watchers.Remove(request.Watcher);
                break;
            case WatchedActorTerminated notice:
                // Queued behind the user messages already received, so Terminated keeps its place in mailbox order.
                pendingUser.Enqueue(new Envelope(notice, notice.Actor));
                break;
        }
    }

    private void CreateInstance(Exception? restartCause)
    {
        var previous = actor;
        actor = null;
        actorStarted = false;
        try
        {
            Actor instance;
            bool builtNew;
            constructing = this;
            try
            {
                instance = props.Factory();

                // The Actor constructor claims the cell; an unclaimed cell means the factory handed back an
                // instance it had built before, whose stale state a restart exists to get rid of.
                builtNew = constructing is null;
            }
            finally
            {
                constructing = null;
            }

            if (!builtNew || instance is null || instance.Cell != this || ReferenceEquals(instance, previous))
            {
                throw new InvalidOperationException(
                    $"The Props factory for {Self.Path} must build a new {props.ActorType.Name} on every call.");
            }

            actor = instance;
            if (restartCause is null)
            {
                instance.PreStart();
            }
            else
            {
                instance.PostRestart(restartCause);
            }

            actorStarted = true;
            state = CellState.Running;
            Log.Debug(restartCause is null ? "Started {ActorType}" : "Restarted {ActorType}", props.ActorType.Name);
        }
        catch (Exception failure)
        {
            Fail(failure, null);
        }
    }

    private void Fail(Exception cause, Envelope? failedMessage)
    {
        state = CellState.Failed;

        // The asker learns at once why there will be no reply instead of waiting out its timeout.
        if (failedMessage?.Sender?.Target is IAskPromise ask)
        {
            ask.Fail(cause);
        }

        if (parent is null)
        {
            Log.Error(cause, "The guardian failed; stopping it");
            RequestStop();
            return;
        }

        parent.PostSystem(new ChildFailed(this, cause, failedMessage));
    }

    private void Supervise(ChildFailed failure)
    {
        // A parent that has itself failed, or is stopping, will stop or restart all its children anyway;
        // deciding for one of them now would race with that.
        if (state != CellState.Running || !IsChild(failure.Child))
        {
            return;
        }

        var child = failure.Child;
        var messageType = failure.FailedMessage?.Message.GetType().Name ?? "no message";
        var strategy = CurrentStrategy();
        var directive = Decide(strategy, failure);

        var budgetExhausted = false;
        if (directive == SupervisorDirective.Restart)
        {
            if (TryScheduleRestart(child, failure, strategy, messageType))
            {
                return;
            }

            budgetExhausted = true;
            directive = strategy.WhenRestartBudgetExhausted;
            Log.Error(
                failure.Cause,
                "Actor {Child} failed while handling {MessageType} and exhausted its restart budget of {MaxRestarts} within {RestartWindow}; deciding {Directive}",
                child.Self.Path,
                messageType,
                strategy.MaxRestarts,
                strategy.RestartWindow,
                directive);
        }

        if (directive == SupervisorDirective.Stop)
        {
            if (!budgetExhausted)
            {
                Log.Error(failure.Cause, "Actor {Child} failed while handling {MessageType}; stopping it", child.Self.Path, messageType);
            }

            child.RequestStop();
            return;
        }

        if (parent is null)
        {
            Log.Error(
                failure.Cause,
                "Top-level actor {Child} failed while handling {MessageType} and the failure was escalated, but nothing is above the guardian; stopping it",
                child.Self.Path,
                messageType);
            child.RequestStop();
            return;
        }

        if (!budgetExhausted)
        {
            Log.Error(failure.Cause, "Actor {Child} failed while handling {MessageType}; escalating to {Supervisor}", child.Self.Path, messageType, parent.Self.Path);
        }

        // The child stays suspended: whatever our supervisor decides for us (restart or stop) stops it too.
        Fail(new ChildFailureEscalatedException(child.Self, failure.Cause, budgetExhausted), null);
    }

    private SupervisorStrategy CurrentStrategy()
    {
        try
        {
            return actor?.SupervisorStrategy ?? SupervisorStrategy.Default;
        }
        catch (Exception strategyError)
        {
            Log.Error(strategyError, "Reading the supervisor strategy threw; using the default strategy");
            return SupervisorStrategy.Default;
        }
    }

    private SupervisorDirective Decide(SupervisorStrategy strategy, ChildFailed failure)
    {
        try
        {
            var directive = strategy.Decider(failure.Cause);
            if (Enum.IsDefined(directive))
            {
                return directive;
            }

            Log.Error(null, "The decider returned unknown directive {Directive} for {Child}; escalating", directive, failure.Child.Self.Path);
        }
        catch (Exception deciderError)
        {
            Log.Error(deciderError, "The decider threw for a failure of {Child}; escalating", failure.Child.Self.Path);
        }

        return SupervisorDirective.Escalate;
    }

    private bool TryScheduleRestart(ActorCell child, ChildFailed failure, SupervisorStrategy strategy, string messageType)
    {
        var now = system.TimeProvider.GetUtcNow();
        var history = child.RestartTimes;
        if (strategy.RestartWindow != Timeout.InfiniteTimeSpan)
        {
            history.RemoveAll(restartedAt => now - restartedAt >= strategy.RestartWindow);
        }

        if (history.Count >= strategy.MaxRestarts)
        {
            return false;
        }

        var delay = strategy.Backoff.DelayFor(history.Count);
        history.Add(now);
        Log.Error(
            failure.Cause,
            "Actor {Child} failed while handling {MessageType}; restart {RestartNumber} of {MaxRestarts} within {RestartWindow} in {RestartDelay}",
            child.Self.Path,
            messageType,
            history.Count,
            strategy.MaxRestarts,
            strategy.RestartWindow,
            delay);

        var restart = new RestartDue(failure.Cause, failure.FailedMessage, strategy.RedeliverFailedMessage);
        if (delay <= TimeSpan.Zero)
        {
            child.PostSystem(restart);
        }
        else
        {
            // The child waits suspended, not this loop: the parent keeps working and the child can still be stopped.
            _ = PostAfterAsync(child, restart, delay);
        }

        return true;
    }

    private async Task PostAfterAsync(ActorCell child, SystemMessage message, TimeSpan delay)
    {
        await Task.Delay(delay, system.TimeProvider).ConfigureAwait(false);
        child.PostSystem(message);
    }

    private async Task RestartAsync(RestartDue restart)
    {
        // Children go first, as on stop, so the fresh instance can recreate them under the same names.
        await StopChildrenAsync(closeForGood: false).ConfigureAwait(false);
        if (actorStarted && actor is not null)
        {
            try
            {
                actor.PreRestart(restart.Cause, restart.FailedMessage?.Message);
            }
            catch (Exception hookError)
            {
                Log.Error(hookError, "PreRestart threw; restarting anyway");
            }
        }

        CreateInstance(restart.Cause);
        if (state == CellState.Running && restart.Redeliver && restart.FailedMessage is { } failed)
        {
            redelivery = failed;
        }
    }

    private async Task StopAsync()
    {
        if (state is CellState.Stopping or CellState.Stopped)
        {
            return;
        }

        state = CellState.Stopping;
        await StopChildrenAsync(closeForGood: true).ConfigureAwait(false);
        if (actorStarted && actor is not null)
        {
            try
            {
                actor.PostStop();
            }
            catch (Exception hookError)
            {
                Log.Error(hookError, "PostStop threw; the actor is stopped anyway");
            }
        }

        actorStarted = false;
        FinishStop();
    }

    private async Task StopChildrenAsync(bool closeForGood)
    {
        ActorCell[] snapshot;
        lock (childrenGate)
        {
            childrenClosed |= closeForGood;
            snapshot = [.. children];
        }

        // One at a time, newest first, so that shutdown order is predictable and mirrors creation.
        for (var i = snapshot.Length - 1; i >= 0; i--)
        {
            snapshot[i].RequestStop();
            await snapshot[i].Termination.ConfigureAwait(false);
        }
    }

    private void FinishStop()
    {
        state = CellState.Stopped;

        // Completing the writer first means nothing can slip in after the drain below.
        mailbox.Writer.TryComplete();
        if (redelivery is { } failed)
        {
            redelivery = null;
            DeadLetter(failed);
        }

        while (pendingUser.TryDequeue(out var envelope))
        {
            DeadLetter(envelope);
        }

        while (pendingSystem.TryDequeue(out var systemMessage))
        {
            AnswerAfterStop(systemMessage);
        }

        while (mailbox.Reader.TryRead(out var envelope))
        {
            if (envelope.Message is SystemMessage systemMessage)
            {
                AnswerAfterStop(systemMessage);
            }
            else
            {
                DeadLetter(envelope);
            }
        }

        foreach (var watcher in watchers)
        {
            watcher.PostSystem(new WatchedActorTerminated(Self));
        }

        watchers.Clear();
        foreach (var watched in watching)
        {
            (watched.Target as ActorCell)?.PostSystem(new UnwatchRequested(this));
        }

        watching.Clear();
        parent?.RemoveChild(this);
        Log.Debug("Stopped {ActorType}", props.ActorType.Name);
        termination.TrySetResult();
    }

    private void DeadLetter(Envelope envelope)
    {
        // Death notices are the kernel's own bookkeeping; a stopped watcher simply no longer cares.
        if (envelope.Message is not WatchedActorTerminated)
        {
            system.PublishDeadLetter(envelope.Message, envelope.Sender, Self);
        }
    }

    private void AnswerAfterStop(SystemMessage message)
    {
        // Of all the kernel traffic, only a watch still needs an answer from a stopped actor.
        if (message is WatchRequested request)
        {
            request.Watcher.PostSystem(new WatchedActorTerminated(Self));
        }
    }

    private bool IsChild(ActorCell cell)
    {
        lock (childrenGate)
        {
            return childrenByName.TryGetValue(cell.Self.Name, out var registered) && registered == cell;
        }
    }

    private void RemoveChild(ActorCell child)
    {
        lock (childrenGate)
        {
            children.Remove(child);
            if (childrenByName.TryGetValue(child.Self.Name, out var registered) && registered == child)
            {
                childrenByName.Remove(child.Self.Name);
            }
        }
    }
}
