using HdCluster.Actors.Tests.TestKit;

namespace HdCluster.Actors.Tests;

public sealed class HierarchyTests
{
    [Fact]
    public async Task A_top_level_actor_lives_under_user()
    {
        await using var system = new ActorSystem("test");

        var coordinator = system.ActorOf(Props.Create(() => new Parent()), "coordinator");

        Assert.Equal("/user/coordinator", coordinator.Path);
        Assert.Equal("coordinator", coordinator.Name);
    }

    [Fact]
    public async Task A_child_path_nests_under_its_parent()
    {
        await using var system = new ActorSystem("test");
        var coordinator = system.ActorOf(Props.Create(() => new Parent()), "coordinator");

        var worker = await coordinator.Ask<ActorRef>(new CreateChild("worker-1"), TestTimeouts.Default);

        Assert.Equal("/user/coordinator/worker-1", worker.Path);
    }

    [Fact]
    public async Task Children_are_listed_in_creation_order_and_leave_the_list_once_stopped()
    {
        await using var system = new ActorSystem("test");
        var coordinator = system.ActorOf(Props.Create(() => new Parent()), "coordinator");
        var first = await coordinator.Ask<ActorRef>(new CreateChild("b"), TestTimeouts.Default);
        var second = await coordinator.Ask<ActorRef>(new CreateChild("a"), TestTimeouts.Default);

        Assert.Equal([first, second], await coordinator.Ask<IReadOnlyList<ActorRef>>(new ListChildren(), TestTimeouts.Default));

        await system.StopAsync(first).WaitAsync(TestTimeouts.Default);
        Assert.Equal([second], await coordinator.Ask<IReadOnlyList<ActorRef>>(new ListChildren(), TestTimeouts.Default));
    }

    [Fact]
    public async Task A_second_sibling_with_the_same_name_is_rejected()
    {
        await using var system = new ActorSystem("test");
        system.ActorOf(Props.Create(() => new Parent()), "coordinator");

        var duplicate = Assert.Throws<InvalidOperationException>(() => system.ActorOf(Props.Create(() => new Parent()), "coordinator"));

        Assert.Contains("coordinator", duplicate.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("a/b")]
    [InlineData("worker 1")]
    public async Task Names_that_would_break_the_path_are_rejected(string name)
    {
        await using var system = new ActorSystem("test");

        Assert.ThrowsAny<ArgumentException>(() => system.ActorOf(Props.Create(() => new Parent()), name));
    }

    [Fact]
    public async Task Refs_to_the_same_actor_are_equal_and_refs_sort_by_path()
    {
        await using var system = new ActorSystem("test");
        var coordinator = system.ActorOf(Props.Create(() => new Parent()), "coordinator");
        var b = await coordinator.Ask<ActorRef>(new CreateChild("b"), TestTimeouts.Default);
        var a = await coordinator.Ask<ActorRef>(new CreateChild("a"), TestTimeouts.Default);
        var listed = await coordinator.Ask<IReadOnlyList<ActorRef>>(new ListChildren(), TestTimeouts.Default);

        Assert.Equal(b, listed[0]);
        Assert.True(b == listed[0]);
        Assert.Equal(b.GetHashCode(), listed[0].GetHashCode());
        Assert.Equal([a, b], listed.Order().ToArray());
    }

    [Fact]
    public async Task A_ref_kept_from_a_stopped_actor_does_not_reach_its_namesake()
    {
        await using var system = new ActorSystem("test");
        var probe = TestProbe.Create(system);
        var old = system.ActorOf(Worker.Props(new WorkerSetup(probe.Ref)), "worker");
        await probe.ExpectMessageAsync<Started>();
        await system.StopAsync(old).WaitAsync(TestTimeouts.Default);
        await probe.ExpectMessageAsync<Stopped>();

        var namesake = system.ActorOf(Worker.Props(new WorkerSetup(probe.Ref)), "worker");
        await probe.ExpectMessageAsync<Started>();
        old.Tell("for the old one");

        Assert.NotEqual(old, namesake);
        Assert.Equal(old.Path, namesake.Path);
        await probe.ExpectNoMessageAsync();
        Assert.Equal(1, system.DeadLetterCount);
    }

    [Fact]
    public void An_actor_cannot_be_constructed_outside_the_system()
    {
        var outside = Assert.Throws<InvalidOperationException>(() => new Parent());

        Assert.Contains("Props", outside.Message);
    }

    [Fact]
    public async Task A_factory_that_returns_the_same_instance_again_is_a_failure_not_a_silent_reuse()
    {
        var logs = new LogCapture();
        await using var system = new ActorSystem("test", logs.Options() with
        {
            GuardianStrategy = new SupervisorStrategy { Backoff = RestartBackoff.None },
        });
        var probe = TestProbe.Create(system);
        Worker? shared = null;
        var setup = new WorkerSetup(probe.Ref);
        var worker = system.ActorOf(Props.Create(() => shared ??= new Worker(setup)), "shared");
        await probe.WatchAsync(worker);

        worker.Tell(new Crash(new InvalidOperationException("boom")));

        await probe.ExpectMessageAsync<Started>();
        await probe.ExpectMessageAsync<Stopped>();
        Assert.Equal(worker, (await probe.ExpectMessageAsync<Terminated>()).Actor);
        Assert.Contains(logs.Events, e => e.Exception?.Message.Contains("new Worker on every call", StringComparison.Ordinal) == true);
    }

    private sealed record CreateChild(string Name);

    private sealed record ListChildren;

    private sealed class Parent : Actor
    {
        protected override Task ReceiveAsync(object message)
        {
            switch (message)
            {
                case CreateChild create:
                    Sender.Tell(Context.ActorOf(Props.Create(() => new Parent()), create.Name));
                    break;
                case ListChildren:
                    Sender.Tell(Context.Children);
                    break;
            }

            return Task.CompletedTask;
        }
    }
}
