using HdCluster.Actors.Tests.TestKit;

namespace HdCluster.Actors.Tests;

public sealed class StressTests
{
    [Fact]
    public async Task Eight_actors_each_receive_ten_thousand_messages_from_concurrent_senders_and_the_totals_match()
    {
        const int actors = 8;
        const int senders = 8;
        const int perActor = 10_000;
        const int perSenderPerActor = perActor / senders;
        await using var system = new ActorSystem("test");
        var summers = Enumerable.Range(0, actors)
            .Select(i => system.ActorOf(Props.Create(() => new Summer()), $"summer-{i}"))
            .ToArray();

        await Task.WhenAll(Enumerable.Range(0, senders).Select(sender => Task.Run(() =>
        {
            for (var i = 0; i < perSenderPerActor; i++)
            {
                foreach (var summer in summers)
                {
                    summer.Tell(new Add((sender * perSenderPerActor) + i + 1));
                }
            }
        }))).WaitAsync(TestTimeouts.Default);

        var totals = await Task.WhenAll(summers.Select(s => s.Ask<Total>(new ReportTotal(), TestTimeouts.Default)));
        Assert.All(totals, total => Assert.Equal(new Total(perActor, (long)perActor * (perActor + 1) / 2), total));
    }

    private sealed record Add(long Value);

    private sealed record ReportTotal;

    private sealed record Total(int Count, long Sum);

    private sealed class Summer : Actor
    {
        private int count;
        private long sum;

        protected override Task ReceiveAsync(object message)
        {
            switch (message)
            {
                case Add add:
                    count++;
                    sum += add.Value;
                    break;
                case ReportTotal:
                    Sender.Tell(new Total(count, sum));
                    break;
            }

            return Task.CompletedTask;
        }
    }
}
