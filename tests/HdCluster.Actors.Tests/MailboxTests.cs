using HdCluster.Actors.Tests.TestKit;

namespace HdCluster.Actors.Tests;

public sealed class MailboxTests
{
    [Fact]
    public async Task Messages_from_one_sender_are_handled_in_the_order_sent()
    {
        await using var system = new ActorSystem("test");
        var probe = TestProbe.Create(system);
        var worker = system.ActorOf(Worker.Props(new WorkerSetup(probe.Ref)), "worker");
        await probe.ExpectMessageAsync<Started>();

        for (var i = 0; i < 100; i++)
        {
            worker.Tell(i);
        }

        var handled = await probe.ReceiveManyAsync(100);
        Assert.Equal(Enumerable.Range(0, 100).Cast<object>(), handled.Cast<Handled>().Select(h => h.Message));
    }

    [Fact]
    public async Task Messages_from_many_concurrent_senders_all_arrive_and_each_senders_order_is_kept()
    {
        const int senders = 8;
        const int perSender = 2_000;
        await using var system = new ActorSystem("test");
        var collector = system.ActorOf(Props.Create(() => new SequenceCollector()), "collector");

        await Task.WhenAll(Enumerable.Range(0, senders).Select(sender => Task.Run(() =>
        {
            for (var i = 0; i < perSender; i++)
            {
                collector.Tell(new Numbered(sender, i));
            }
        })));

        var bySender = await collector.Ask<IReadOnlyDictionary<int, List<int>>>(new ReportSequences(), TestTimeouts.Default);
        Assert.Equal(senders, bySender.Count);
        foreach (var sequence in bySender.Values)
        {
            Assert.Equal(Enumerable.Range(0, perSender), sequence);
        }
    }

    [Fact]
    public async Task An_async_handler_finishes_before_the_next_message_starts()
    {
        await using var system = new ActorSystem("test");
        var actor = system.ActorOf(Props.Create(() => new SlowAsyncHandler()), "slow");

        for (var i = 0; i < 50; i++)
        {
            actor.Tell(i);
        }

        var report = await actor.Ask<SlowAsyncHandler.Report>("report", TestTimeouts.Default);
        Assert.Equal(1, report.MostHandlersAtOnce);
        Assert.Equal(Enumerable.Range(0, 50), report.Completed);
    }

    [Fact]
    public async Task A_message_sent_without_a_sender_has_dead_letters_as_its_sender()
    {
        await using var system = new ActorSystem("test");
        var probe = TestProbe.Create(system);

        probe.Ref.Tell("anonymous");

        await probe.ExpectMessageAsync<string>();
        Assert.Equal(system.DeadLetters, probe.LastSender);
    }

    private sealed record Numbered(int Sender, int Sequence);

    private sealed record ReportSequences;

    private sealed class SequenceCollector : Actor
    {
        private readonly Dictionary<int, List<int>> bySender = [];

        protected override Task ReceiveAsync(object message)
        {
            switch (message)
            {
                case Numbered numbered:
                    if (!bySender.TryGetValue(numbered.Sender, out var sequence))
                    {
                        bySender[numbered.Sender] = sequence = [];
                    }

                    sequence.Add(numbered.Sequence);
                    break;
                case ReportSequences:
                    Sender.Tell((IReadOnlyDictionary<int, List<int>>)bySender.ToDictionary(p => p.Key, p => p.Value.ToList()));
                    break;
            }

            return Task.CompletedTask;
        }
    }

    private sealed class SlowAsyncHandler : Actor
    {
        private readonly List<int> completed = [];
        private int running;
        private int mostAtOnce;

        protected override async Task ReceiveAsync(object message)
        {
            if (message is not int number)
            {
                Sender.Tell(new Report(mostAtOnce, [.. completed]));
                return;
            }

            mostAtOnce = Math.Max(mostAtOnce, Interlocked.Increment(ref running));
            await Task.Yield();
            await Task.Delay(1);
            completed.Add(number);
            Interlocked.Decrement(ref running);
        }

        public sealed record Report(int MostHandlersAtOnce, IReadOnlyList<int> Completed);
    }
}
