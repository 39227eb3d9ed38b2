namespace HdCluster.Actors.Tests.TestKit;

internal static class ProbeExtensions
{
    /// <summary>Waits for the first start of each named actor, whatever order they report in.</summary>
    public static async Task<IReadOnlyDictionary<string, ActorRef>> ExpectStartsAsync(this TestProbe probe, params string[] names)
    {
        var started = new Dictionary<string, ActorRef>();
        while (started.Count < names.Length)
        {
            var message = await probe.ReceiveAsync();
            if (message is Started { Actor: var actor } && names.Contains(actor.Name))
            {
                started.TryAdd(actor.Name, actor);
            }
        }

        return started;
    }

    /// <summary>Skips other messages until one of type <typeparamref name="T"/> matching the condition arrives.</summary>
    public static async Task<T> FishForMessageAsync<T>(this TestProbe probe, Func<T, bool> isIt)
    {
        while (true)
        {
            if (await probe.ReceiveAsync() is T message && isIt(message))
            {
                return message;
            }
        }
    }
}
