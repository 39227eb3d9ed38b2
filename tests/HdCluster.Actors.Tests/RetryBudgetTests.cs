using HdCluster.Actors.Tests.TestKit;

namespace HdCluster.Actors.Tests;

public sealed class RetryBudgetTests
{
    [Fact]
    public async Task An_exhausted_budget_stops_the_child_when_the_strategy_says_stop()
    {
        var strategy = new SupervisorStrategy
        {
            Backoff = RestartBackoff.None,
            MaxRestarts = 2,
            WhenRestartBudgetExhausted = SupervisorDirective.Stop,
        };
        await using var system = new ActorSystem("test", new ActorSystemOptions { GuardianStrategy = strategy });
        var probe = TestProbe.Create(system);
        var setup = new WorkerSetup(probe.Ref);
        var worker = system.ActorOf(Worker.Props(setup), "worker");
        await probe.ExpectMessageAsync<Started>();
        await probe.WatchAsync(worker);

        for (var i = 0; i < 3; i++)
        {
            worker.Tell(new Crash(new InvalidOperationException("boom")));
        }

        Assert.Equal(worker, (await probe.FishForMessageAsync<Terminated>(_ => true)).Actor);
        Assert.Equal(3, setup.Instances.Created);
    }

    [Fact]
    public async Task An_exhausted_budget_escalates_to_the_parents_supervisor()
    {
        var seenByRoot = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        var rootStrategy = new SupervisorStrategy
        {
            Decider = error =>
            {
                seenByRoot.TrySetResult(error);
                return SupervisorDirective.Stop;
            },
        };
        var middleStrategy = new SupervisorStrategy { Backoff = RestartBackoff.None, MaxRestarts = 1 };
        await using var system = new ActorSystem("test");
        var probe = TestProbe.Create(system);
        var leaf = Worker.Props(new WorkerSetup(probe.Ref));
        var middle = Worker.Props(new WorkerSetup(probe.Ref) { Strategy = middleStrategy, Children = [("leaf", leaf)] });
        system.ActorOf(Worker.Props(new WorkerSetup(probe.Ref) { Strategy = rootStrategy, Children = [("middle", middle)] }), "root");
        var started = await probe.ExpectStartsAsync("root", "middle", "leaf");
        await probe.WatchAsync(started["middle"]);

        started["leaf"].Tell(new Crash(new InvalidOperationException("first")));
        var restartedLeaf = (await probe.FishForMessageAsync<Started>(s => s.Actor.Name == "leaf")).Actor;
        restartedLeaf.Tell(new Crash(new InvalidOperationException("second")));

        var escalated = Assert.IsType<ChildFailureEscalatedException>(await seenByRoot.Task.WaitAsync(TestTimeouts.Default));
        Assert.True(escalated.RestartBudgetExhausted);
        Assert.Equal("/user/root/middle/leaf", escalated.Child.Path);
        Assert.Equal("second", escalated.InnerException?.Message);
        Assert.Equal(started["middle"], (await probe.FishForMessageAsync<Terminated>(_ => true)).Actor);
    }

    [Fact]
    public async Task Restarts_older_than_the_window_no_longer_count_against_the_budget()
    {
        var clock = new ManualTimeProvider();
        var strategy = new SupervisorStrategy
        {
            Backoff = RestartBackoff.None,
            MaxRestarts = 1,
            RestartWindow = TimeSpan.FromMinutes(1),
            WhenRestartBudgetExhausted = SupervisorDirective.Stop,
        };
        await using var system = new ActorSystem("test", new ActorSystemOptions { TimeProvider = clock, GuardianStrategy = strategy });
        var probe = TestProbe.Create(system);
        var worker = system.ActorOf(Worker.Props(new WorkerSetup(probe.Ref)), "worker");
        await probe.ExpectMessageAsync<Started>();
        await probe.WatchAsync(worker);

        worker.Tell(new Crash(new InvalidOperationException("boom")));
        await probe.FishForMessageAsync<Started>(s => s.Instance == 2);
        clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        worker.Tell(new Crash(new InvalidOperationException("boom")));
        await probe.FishForMessageAsync<Started>(s => s.Instance == 3);
        worker.Tell(new Crash(new InvalidOperationException("boom")));

        Assert.Equal(worker, (await probe.FishForMessageAsync<Terminated>(_ => true)).Actor);
    }

    [Fact]
    public async Task Each_child_has_its_own_budget()
    {
        var strategy = new SupervisorStrategy
        {
            Backoff = RestartBackoff.None,
            MaxRestarts = 1,
            WhenRestartBudgetExhausted = SupervisorDirective.Stop,
        };
        await using var system = new ActorSystem("test");
        var probe = TestProbe.Create(system);
        system.ActorOf(
            Worker.Props(new WorkerSetup(probe.Ref)
            {
                Strategy = strategy,
                Children = [("a", Worker.Props(new WorkerSetup(probe.Ref))), ("b", Worker.Props(new WorkerSetup(probe.Ref)))],
            }),
            "parent");
        var started = await probe.ExpectStartsAsync("parent", "a", "b");
        await probe.WatchAsync(started["a"]);

        started["a"].Tell(new Crash(new InvalidOperationException("boom")));
        await probe.FishForMessageAsync<Started>(s => s.Actor.Name == "a" && s.Instance == 2);
        started["b"].Tell(new Crash(new InvalidOperationException("boom")));
        await probe.FishForMessageAsync<Started>(s => s.Actor.Name == "b" && s.Instance == 2);
        started["a"].Tell(new Crash(new InvalidOperationException("boom")));
        Assert.Equal(started["a"], (await probe.FishForMessageAsync<Terminated>(_ => true)).Actor);

        started["b"].Tell("still alive");
        Assert.Equal(new Handled(started["b"], "still alive", 2), await probe.FishForMessageAsync<Handled>(_ => true));
    }

    [Fact]
    public void A_budget_can_only_end_in_stop_or_escalate()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SupervisorStrategy { WhenRestartBudgetExhausted = SupervisorDirective.Restart });
        Assert.Throws<ArgumentOutOfRangeException>(() => new SupervisorStrategy { MaxRestarts = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new SupervisorStrategy { RestartWindow = TimeSpan.Zero });
    }
}
