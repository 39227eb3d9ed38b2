namespace HdCluster.Actors;

/// <summary>The parent of every top-level actor (<c>/user</c>). It exists so top-level actors get supervision and ordered shutdown like any child.</summary>
internal sealed class GuardianActor(SupervisorStrategy strategy) : Actor
{
    protected internal override SupervisorStrategy SupervisorStrategy => strategy;

    protected internal override Task ReceiveAsync(object message)
    {
        Unhandled(message);
        return Task.CompletedTask;
    }
}
