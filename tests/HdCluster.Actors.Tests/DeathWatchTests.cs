using HdCluster.Actors.Tests.TestKit;

namespace HdCluster.Actors.Tests;

public sealed class DeathWatchTests
{
    [Fact]
    public async Task Watching_an_actor_delivers_Terminated_when_it_stops()
    {
        await using var system = new ActorSystem("test");
        var probe = TestProbe.Create(system);
        var worker = system.ActorOf(Worker.Props(new WorkerSetup()), "worker");
        await probe.WatchAsync(worker);

        await system.StopAsync(worker).WaitAsync(TestTimeouts.Default);

        Assert.Equal(new Terminated(worker), await probe.ExpectMessageAsync<Terminated>());
    }

    [Fact]
    public async Task Watching_an_actor_that_already_stopped_delivers_Terminated_at_once()
    {
        await using var system = new ActorSystem("test");
        var probe = TestProbe.Create(system);
        var worker = system.ActorOf(Worker.Props(new WorkerSetup()), "worker");
        await system.StopAsync(worker).WaitAsync(TestTimeouts.Default);

        await probe.WatchAsync(worker);

        Assert.Equal(new Terminated(worker), await probe.ExpectMessageAsync<Terminated>());
    }

    [Fact]
    public async Task Watching_the_same_actor_twice_delivers_one_Terminated()
    {
        await using var system = new ActorSystem("test");
        var probe = TestProbe.Create(system);
        var worker = system.ActorOf(Worker.Props(new WorkerSetup()), "worker");
        await probe.WatchAsync(worker);
        await probe.WatchAsync(worker);

        await system.StopAsync(worker).WaitAsync(TestTimeouts.Default);

        await probe.ExpectMessageAsync<Terminated>();
        await probe.ExpectNoMessageAsync();
    }

    [Fact]
    public async Task After_unwatching_no_Terminated_is_delivered()
    {
        await using var system = new ActorSystem("test");
        var probe = TestProbe.Create(system);
        var worker = system.ActorOf(Worker.Props(new WorkerSetup()), "worker");
        await probe.WatchAsync(worker);
        await probe.UnwatchAsync(worker);

        await system.StopAsync(worker).WaitAsync(TestTimeouts.Default);

        await probe.ExpectNoMessageAsync();
    }

    [Fact]
    public async Task A_parent_watching_its_child_learns_when_the_child_stops_itself()
    {
        await using var system = new ActorSystem("test");
        var probe = TestProbe.Create(system);
        var coordinator = system.ActorOf(Props.Create(() => new Coordinator(probe.Ref)), "coordinator");
        var worker = await probe.ExpectMessageAsync<ActorRef>();

        worker.Tell(new Quit());

        Assert.Equal(new Terminated(worker), await probe.ExpectMessageAsync<Terminated>());
        Assert.Equal(coordinator, probe.LastSender);
    }

    [Fact]
    public async Task Terminated_arrives_after_what_the_actor_sent_while_stopping()
    {
        await using var system = new ActorSystem("test");
        var probe = TestProbe.Create(system);
        var worker = system.ActorOf(Worker.Props(new WorkerSetup(probe.Ref)), "worker");
        await probe.ExpectMessageAsync<Started>();
        await probe.WatchAsync(worker);

        await system.StopAsync(worker).WaitAsync(TestTimeouts.Default);

        Assert.IsType<Stopped>(await probe.ReceiveAsync());
        Assert.IsType<Terminated>(await probe.ReceiveAsync());
    }

    [Fact]
    public async Task Watching_an_actor_while_it_stops_delivers_exactly_one_Terminated()
    {
        const int actors = 100;
        await using var system = new ActorSystem("test");
        var probe = TestProbe.Create(system);
        var workers = Enumerable.Range(0, actors).Select(i => system.ActorOf(Worker.Props(new WorkerSetup()), $"worker-{i}")).ToArray();

        await Task.WhenAll(workers.Select(worker => Task.WhenAll(
            Task.Run(() => probe.WatchAsync(worker)),
            Task.Run(() => system.StopAsync(worker))))).WaitAsync(TestTimeouts.Default);

        var terminated = await probe.ReceiveManyAsync(actors);
        Assert.Equal(workers.Order(), terminated.Cast<Terminated>().Select(t => t.Actor).Order());
        await probe.ExpectNoMessageAsync();
    }

    private sealed record Quit;

    private sealed class Coordinator(ActorRef reporter) : Actor
    {
        protected override void PreStart()
        {
            var worker = Context.ActorOf(Props.Create(() => new SelfStopping()), "worker-1");
            Context.Watch(worker);
            reporter.Tell(worker, Self);
        }

        protected override Task ReceiveAsync(object message)
        {
            if (message is Terminated terminated)
            {
                reporter.Tell(terminated, Self);
            }

            return Task.CompletedTask;
        }
    }

    private sealed class SelfStopping : Actor
    {
        protected override Task ReceiveAsync(object message)
        {
            if (message is Quit)
            {
                Context.Stop(Self);
            }

            return Task.CompletedTask;
        }
    }
}
