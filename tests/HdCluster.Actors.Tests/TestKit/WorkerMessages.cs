namespace HdCluster.Actors.Tests.TestKit;

/// <summary>Asks a <see cref="Worker"/> to throw from its handler.</summary>
internal sealed record Crash(Exception Error);

/// <summary>Asks a <see cref="Worker"/> to throw after an await, from the continuation of an async handler.</summary>
internal sealed record CrashAfterAwait(Exception Error);

/// <summary>Asks a <see cref="Worker"/> to throw only in its first instance, so a redelivered copy succeeds.</summary>
internal sealed record CrashInFirstInstance(Exception Error);

internal sealed record Started(ActorRef Actor, int Instance);

internal sealed record Stopped(ActorRef Actor, int Instance);

internal sealed record Handled(ActorRef Actor, object Message, int Instance);
