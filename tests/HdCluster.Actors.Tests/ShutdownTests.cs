using System.Runtime.CompilerServices;
using HdCluster.Actors.Tests.TestKit;

namespace HdCluster.Actors.Tests;

public sealed class ShutdownTests
{
    [Fact]
    public async Task Stopping_an_actor_stops_its_children_first_deepest_first_newest_first()
    {
        var journal = new Journal();
        await using var system = new ActorSystem("test");
        var probe = TestProbe.Create(system);
        var a = system.ActorOf(Tree(probe, journal), "a");
        await probe.ExpectStartsAsync("a", "a1", "a1x", "a2");

        await system.StopAsync(a).WaitAsync(TestTimeouts.Default);

        Assert.Equal(["a2", "a1x", "a1", "a"], PostStops(journal));
    }

    [Fact]
    public async Task Shutdown_stops_top_level_actors_newest_first_each_with_its_children_first()
    {
        var journal = new Journal();
        var system = new ActorSystem("test");
        var probe = TestProbe.Create(system, "probe");
        system.ActorOf(Tree(probe, journal), "a");
        system.ActorOf(Worker.Props(new WorkerSetup(probe.Ref) { Journal = journal }), "b");
        system.ActorOf(Worker.Props(new WorkerSetup(probe.Ref) { Journal = journal }), "c");
        await probe.ExpectStartsAsync("a", "a1", "a1x", "a2", "b", "c");

        await system.ShutdownAsync(TestTimeouts.Default);

        Assert.Equal(["c", "b", "a2", "a1x", "a1", "a"], PostStops(journal));
    }

    [Fact]
    public async Task After_shutdown_messages_become_dead_letters_and_no_actor_can_be_created()
    {
        var system = new ActorSystem("test");
        var worker = system.ActorOf(Worker.Props(new WorkerSetup()), "worker");

        await system.ShutdownAsync(TestTimeouts.Default);
        worker.Tell("anyone there?");

        Assert.Equal(1, system.DeadLetterCount);
        Assert.Throws<InvalidOperationException>(() => system.ActorOf(Worker.Props(new WorkerSetup()), "late"));
    }

    [Fact]
    public async Task A_shutdown_that_overruns_its_timeout_names_the_actors_still_running_and_can_be_awaited_again()
    {
        var system = new ActorSystem("test");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stuck = system.ActorOf(Props.Create(() => new WaitsForGate(gate.Task, entered)), "stuck");
        stuck.Tell("block");
        await entered.Task.WaitAsync(TestTimeouts.Default);

        var overrun = await Assert.ThrowsAsync<TimeoutException>(() => system.ShutdownAsync(TimeSpan.FromMilliseconds(200)));
        gate.SetResult();
        await system.ShutdownAsync(TestTimeouts.Default);

        Assert.Contains("/user/stuck", overrun.Message);
    }

    [Fact]
    public async Task Messages_still_queued_when_an_actor_stops_become_dead_letters()
    {
        await using var system = new ActorSystem("test");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var busy = system.ActorOf(Props.Create(() => new WaitsForGate(gate.Task, entered)), "busy");
        busy.Tell("block");
        await entered.Task.WaitAsync(TestTimeouts.Default);
        busy.Tell("queued-1");
        busy.Tell("queued-2");
        busy.Tell("queued-3");

        var stopped = system.StopAsync(busy);
        gate.SetResult();
        await stopped.WaitAsync(TestTimeouts.Default);

        Assert.Equal(3, system.DeadLetterCount);
    }

    [Fact]
    public async Task Every_message_sent_while_an_actor_stops_is_either_handled_or_dead_lettered()
    {
        const int senders = 4;
        const int perSender = 5_000;
        await using var system = new ActorSystem("test");
        var handled = new StrongBox<int>();
        var counter = system.ActorOf(Props.Create(() => new CountsInto(handled)), "counter");

        var sending = Enumerable.Range(0, senders).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < perSender; i++)
            {
                counter.Tell(i);
            }
        })).ToArray();
        await system.StopAsync(counter).WaitAsync(TestTimeouts.Default);
        await Task.WhenAll(sending).WaitAsync(TestTimeouts.Default);

        Assert.Equal(senders * perSender, Volatile.Read(ref handled.Value) + system.DeadLetterCount);
    }

    [Fact]
    public async Task Concurrent_shutdown_calls_all_complete()
    {
        var system = new ActorSystem("test");
        system.ActorOf(Worker.Props(new WorkerSetup()), "worker");

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => system.ShutdownAsync(TestTimeouts.Default)));
        await system.DisposeAsync();
    }

    private static Props Tree(TestProbe probe, Journal journal)
    {
        WorkerSetup Node(params (string, Props)[] children) => new(probe.Ref) { Journal = journal, Children = children };
        var a1 = Worker.Props(Node(("a1x", Worker.Props(Node()))));
        return Worker.Props(Node(("a1", a1), ("a2", Worker.Props(Node()))));
    }

    private static string[] PostStops(Journal journal) =>
        journal.Entries.Where(e => e.EndsWith("PostStop #1", StringComparison.Ordinal)).Select(e => e.Split(':')[0]).ToArray();

    private sealed class CountsInto(StrongBox<int> handled) : Actor
    {
        protected override Task ReceiveAsync(object message)
        {
            Interlocked.Increment(ref handled.Value);
            return Task.CompletedTask;
        }
    }

    private sealed class WaitsForGate(Task gate, TaskCompletionSource entered) : Actor
    {
        protected override async Task ReceiveAsync(object message)
        {
            entered.TrySetResult();
            await gate;
        }
    }
}
