using System.Threading.Channels;

namespace HdCluster.Actors.Tests.TestKit;

/// <summary>
/// An actor whose mailbox the test can read: everything sent to <see cref="Ref"/> (including
/// <see cref="Terminated"/> for actors it watches) is queued for the Expect methods.
/// </summary>
internal sealed class TestProbe
{
    private readonly Channel<(object Message, ActorRef Sender)> received = Channel.CreateUnbounded<(object, ActorRef)>();

    private TestProbe(ActorSystem system, string name)
    {
        Ref = system.ActorOf(Props.Create(() => new ProbeActor(received.Writer)), name);
    }

    public ActorRef Ref { get; }

    /// <summary>Sender of the message most recently taken by an Expect method.</summary>
    public ActorRef? LastSender { get; private set; }

    public static TestProbe Create(ActorSystem system, string name = "probe") => new(system, name);

    /// <summary>Completes once the probe watches the target, so a test can stop the target right after.</summary>
    public Task WatchAsync(ActorRef target) =>
        Ref.Ask<Acknowledged>(new WatchCommand(target), TestTimeouts.Default).WaitAsync(TestTimeouts.Default);

    public Task UnwatchAsync(ActorRef target) =>
        Ref.Ask<Acknowledged>(new UnwatchCommand(target), TestTimeouts.Default).WaitAsync(TestTimeouts.Default);

    public async Task<object> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        try
        {
            var (message, sender) = await received.Reader.ReadAsync(timeout.Token);
            LastSender = sender;
            return message;
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Probe {Ref.Path} received nothing within {TestTimeouts.Default}.");
        }
    }

    public async Task<T> ExpectMessageAsync<T>()
    {
        var message = await ReceiveAsync();
        return Assert.IsType<T>(message);
    }

    public async Task<IReadOnlyList<object>> ReceiveManyAsync(int count)
    {
        var messages = new List<object>(count);
        for (var i = 0; i < count; i++)
        {
            messages.Add(await ReceiveAsync());
        }

        return messages;
    }

    public async Task ExpectNoMessageAsync()
    {
        using var quiet = new CancellationTokenSource(TestTimeouts.Quiet);
        try
        {
            var (message, _) = await received.Reader.ReadAsync(quiet.Token);
            Assert.Fail($"Probe {Ref.Path} expected no message but received {message}.");
        }
        catch (OperationCanceledException)
        {
        }
    }

    private sealed record WatchCommand(ActorRef Target);

    private sealed record UnwatchCommand(ActorRef Target);

    private sealed record Acknowledged;

    private sealed class ProbeActor(ChannelWriter<(object, ActorRef)> sink) : Actor
    {
        protected override Task ReceiveAsync(object message)
        {
            switch (message)
            {
                case WatchCommand watch:
                    Context.Watch(watch.Target);
                    Sender.Tell(new Acknowledged());
                    break;
                case UnwatchCommand unwatch:
                    Context.Unwatch(unwatch.Target);
                    Sender.Tell(new Acknowledged());
                    break;
                default:
                    sink.TryWrite((message, Sender));
                    break;
            }

            return Task.CompletedTask;
        }
    }
}
