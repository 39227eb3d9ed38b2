namespace HdCluster.Actors.Tests.TestKit;

internal sealed class InstanceCounter
{
    private int created;

    public int Created => Volatile.Read(ref created);

    public int Next() => Interlocked.Increment(ref created);
}

/// <summary>How a <see cref="Worker"/> behaves; one setup per Props, so its instance counter spans restarts. No reporter keeps it quiet.</summary>
internal sealed record WorkerSetup(ActorRef? Reporter = null)
{
    public InstanceCounter Instances { get; init; } = new();

    public Journal? Journal { get; init; }

    public SupervisorStrategy Strategy { get; init; } = SupervisorStrategy.Default;

    public IReadOnlyList<(string Name, Props Props)> Children { get; init; } = [];

    /// <summary>Given the instance number, the exception PreStart throws, if any.</summary>
    public Func<int, Exception?> PreStartFailure { get; init; } = _ => null;

    public Exception? PostStopFailure { get; init; }
}

/// <summary>
/// The actor most tests drive: it reports its lifecycle to a reporter (usually a probe) and a journal,
/// creates the children it is given, supervises them with the given strategy, and throws on request.
/// </summary>
internal sealed class Worker : Actor
{
    private readonly WorkerSetup setup;
    private readonly int instance;

    public Worker(WorkerSetup setup)
    {
        this.setup = setup;
        instance = setup.Instances.Next();
    }

    protected override SupervisorStrategy SupervisorStrategy => setup.Strategy;

    public static Props Props(WorkerSetup setup) => HdCluster.Actors.Props.Create(() => new Worker(setup));

    protected override void PreStart()
    {
        Record($"PreStart #{instance}");
        if (setup.PreStartFailure(instance) is { } failure)
        {
            throw failure;
        }

        foreach (var (name, props) in setup.Children)
        {
            Context.ActorOf(props, name);
        }

        setup.Reporter?.Tell(new Started(Self, instance), Self);
    }

    protected override void PostStop()
    {
        Record($"PostStop #{instance}");
        setup.Reporter?.Tell(new Stopped(Self, instance), Self);
        if (setup.PostStopFailure is { } failure)
        {
            throw failure;
        }
    }

    protected override void PreRestart(Exception cause, object? message)
    {
        Record($"PreRestart #{instance} after {cause.Message} in {message?.GetType().Name ?? "no message"}");
        base.PreRestart(cause, message);
    }

    protected override void PostRestart(Exception cause)
    {
        Record($"PostRestart #{instance} after {cause.Message}");
        base.PostRestart(cause);
    }

    protected override async Task ReceiveAsync(object message)
    {
        switch (message)
        {
            case Crash crash:
                throw crash.Error;
            case CrashInFirstInstance crash when instance == 1:
                throw crash.Error;
            case CrashAfterAwait crash:
                await Task.Yield();
                throw crash.Error;
            default:
                setup.Reporter?.Tell(new Handled(Self, message, instance), Self);
                break;
        }
    }

    private void Record(string what) => setup.Journal?.Record($"{Self.Name}: {what}");
}
