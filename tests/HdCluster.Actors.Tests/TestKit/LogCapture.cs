using System.Collections.Concurrent;

namespace HdCluster.Actors.Tests.TestKit;

internal sealed class LogCapture
{
    private readonly ConcurrentQueue<ActorLogEvent> events = new();

    public IReadOnlyList<ActorLogEvent> Events => [.. events];

    public void Write(ActorLogEvent logEvent) => events.Enqueue(logEvent);

    public ActorSystemOptions Options(TimeProvider? clock = null) =>
        new() { Log = Write, TimeProvider = clock ?? TimeProvider.System };
}
