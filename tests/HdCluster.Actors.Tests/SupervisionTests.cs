using HdCluster.Actors.Tests.TestKit;

namespace HdCluster.Actors.Tests;

public sealed class SupervisionTests
{
    private static readonly SupervisorStrategy RestartAtOnce = new() { Backoff = RestartBackoff.None };

    [Fact]
    public async Task A_restarted_actor_gets_a_fresh_instance_and_keeps_its_mailbox()
    {
        await using var system = new ActorSystem("test", new ActorSystemOptions { GuardianStrategy = RestartAtOnce });
        var probe = TestProbe.Create(system);
        var worker = system.ActorOf(Worker.Props(new WorkerSetup(probe.Ref)), "worker");

        worker.Tell("before");
        worker.Tell(new Crash(new InvalidOperationException("boom")));
        worker.Tell("after-1");
        worker.Tell("after-2");

        var seen = await probe.ReceiveManyAsync(6);
        Assert.Equal(
            [
                new Started(worker, 1),
                new Handled(worker, "before", 1),
                new Stopped(worker, 1),
                new Started(worker, 2),
                new Handled(worker, "after-1", 2),
                new Handled(worker, "after-2", 2),
            ],
            seen);
    }

    [Fact]
    public async Task The_message_that_failed_is_not_redelivered_by_default()
    {
        await using var system = new ActorSystem("test", new ActorSystemOptions { GuardianStrategy = RestartAtOnce });
        var probe = TestProbe.Create(system);
        var worker = system.ActorOf(Worker.Props(new WorkerSetup(probe.Ref)), "worker");

        worker.Tell(new CrashInFirstInstance(new TimeoutException("device busy")));
        worker.Tell("next");

        var handled = await probe.FishForMessageAsync<Handled>(_ => true);
        Assert.Equal(new Handled(worker, "next", 2), handled);
    }

    [Fact]
    public async Task The_message_that_failed_is_redelivered_first_when_the_strategy_asks_for_it()
    {
        var redeliver = RestartAtOnce with { RedeliverFailedMessage = true };
        await using var system = new ActorSystem("test", new ActorSystemOptions { GuardianStrategy = redeliver });
        var probe = TestProbe.Create(system);
        var worker = system.ActorOf(Worker.Props(new WorkerSetup(probe.Ref)), "worker");
        var transient = new CrashInFirstInstance(new TimeoutException("device busy"));

        worker.Tell(transient);
        worker.Tell("next");

        Assert.Equal(new Handled(worker, transient, 2), await probe.FishForMessageAsync<Handled>(_ => true));
        Assert.Equal(new Handled(worker, "next", 2), await probe.ExpectMessageAsync<Handled>());
    }

    [Fact]
    public async Task Lifecycle_hooks_run_in_order_across_a_restart()
    {
        var journal = new Journal();
        await using var system = new ActorSystem("test", new ActorSystemOptions { GuardianStrategy = RestartAtOnce });
        var probe = TestProbe.Create(system);
        var worker = system.ActorOf(Worker.Props(new WorkerSetup(probe.Ref) { Journal = journal }), "worker");

        worker.Tell(new Crash(new InvalidOperationException("boom")));
        await probe.FishForMessageAsync<Started>(s => s.Instance == 2);

        Assert.Equal(
            [
                "worker: PreStart #1",
                "worker: PreRestart #1 after boom in Crash",
                "worker: PostStop #1",
                "worker: PostRestart #2 after boom",
                "worker: PreStart #2",
            ],
            journal.Entries);
    }

    [Fact]
    public async Task A_restart_stops_the_failed_actors_children_first_and_the_fresh_instance_recreates_them()
    {
        var journal = new Journal();
        await using var system = new ActorSystem("test", new ActorSystemOptions { GuardianStrategy = RestartAtOnce });
        var probe = TestProbe.Create(system);
        var child = Worker.Props(new WorkerSetup(probe.Ref) { Journal = journal });
        var parent = system.ActorOf(Worker.Props(new WorkerSetup(probe.Ref) { Journal = journal, Children = [("child", child)] }), "parent");
        await probe.ExpectStartsAsync("parent", "child");

        parent.Tell(new Crash(new InvalidOperationException("boom")));
        await probe.FishForMessageAsync<Started>(s => s.Actor.Name == "child" && s.Instance == 2);

        Assert.Equal(
            [
                "parent: PreStart #1",
                "child: PreStart #1",
                "child: PostStop #1",
                "parent: PreRestart #1 after boom in Crash",
                "parent: PostStop #1",
                "parent: PostRestart #2 after boom",
                "parent: PreStart #2",
                "child: PreStart #2",
            ],
            journal.Entries);
    }

    [Fact]
    public async Task The_decider_chooses_the_directive_by_exception_type()
    {
        await using var system = new ActorSystem("test");
        var probe = TestProbe.Create(system);
        var strategy = RestartAtOnce with
        {
            Decider = error => error is ArgumentException ? SupervisorDirective.Stop : SupervisorDirective.Restart,
        };
        var parent = system.ActorOf(
            Worker.Props(new WorkerSetup(probe.Ref) { Strategy = strategy, Children = [("child", Worker.Props(new WorkerSetup(probe.Ref)))] }),
            "parent");
        var child = (await probe.ExpectStartsAsync("parent", "child"))["child"];
        await probe.WatchAsync(child);

        child.Tell(new Crash(new InvalidOperationException("transient")));
        await probe.FishForMessageAsync<Started>(s => s.Actor == child && s.Instance == 2);
        child.Tell(new Crash(new ArgumentException("bad configuration")));

        Assert.Equal(child, (await probe.FishForMessageAsync<Terminated>(_ => true)).Actor);
    }

    [Fact]
    public async Task An_exception_thrown_after_an_await_in_an_async_handler_is_supervised()
    {
        var decided = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        var strategy = RestartAtOnce with
        {
            Decider = error =>
            {
                decided.TrySetResult(error);
                return SupervisorDirective.Restart;
            },
        };
        await using var system = new ActorSystem("test", new ActorSystemOptions { GuardianStrategy = strategy });
        var probe = TestProbe.Create(system);
        var worker = system.ActorOf(Worker.Props(new WorkerSetup(probe.Ref)), "worker");

        worker.Tell(new CrashAfterAwait(new IOException("checkpoint write failed")));

        Assert.Equal("checkpoint write failed", (await decided.Task.WaitAsync(TestTimeouts.Default)).Message);
        await probe.FishForMessageAsync<Started>(s => s.Instance == 2);
    }

    [Fact]
    public async Task The_stop_directive_stops_the_child_and_its_watchers_see_Terminated()
    {
        var stop = new SupervisorStrategy { Decider = _ => SupervisorDirective.Stop };
        await using var system = new ActorSystem("test", new ActorSystemOptions { GuardianStrategy = stop });
        var probe = TestProbe.Create(system);
        var worker = system.ActorOf(Worker.Props(new WorkerSetup(probe.Ref)), "worker");
        await probe.ExpectMessageAsync<Started>();
        await probe.WatchAsync(worker);

        worker.Tell(new Crash(new InvalidOperationException("boom")));

        Assert.Equal(new Stopped(worker, 1), await probe.ExpectMessageAsync<Stopped>());
        Assert.Equal(worker, (await probe.ExpectMessageAsync<Terminated>()).Actor);
    }

    [Fact]
    public async Task Escalation_fails_the_parent_and_its_supervisor_restarts_it_with_fresh_children()
    {
        var seenByGuardian = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        var guardianStrategy = RestartAtOnce with
        {
            Decider = error =>
            {
                seenByGuardian.TrySetResult(error);
                return SupervisorDirective.Restart;
            },
        };
        await using var system = new ActorSystem("test", new ActorSystemOptions { GuardianStrategy = guardianStrategy });
        var probe = TestProbe.Create(system);
        var escalate = new SupervisorStrategy { Decider = _ => SupervisorDirective.Escalate };
        var leafProps = Worker.Props(new WorkerSetup(probe.Ref));
        system.ActorOf(Worker.Props(new WorkerSetup(probe.Ref) { Strategy = escalate, Children = [("leaf", leafProps)] }), "middle");
        var leaf = (await probe.ExpectStartsAsync("middle", "leaf"))["leaf"];

        leaf.Tell(new Crash(new InvalidOperationException("boom")));

        var escalated = Assert.IsType<ChildFailureEscalatedException>(await seenByGuardian.Task.WaitAsync(TestTimeouts.Default));
        Assert.Equal(leaf, escalated.Child);
        Assert.Equal("boom", escalated.InnerException?.Message);
        Assert.False(escalated.RestartBudgetExhausted);
        var freshLeaf = await probe.FishForMessageAsync<Started>(s => s.Actor.Name == "leaf" && s.Instance == 2);
        Assert.NotEqual(leaf, freshLeaf.Actor);
    }

    [Fact]
    public async Task A_top_level_failure_escalated_past_the_guardian_stops_that_actor_and_is_logged()
    {
        var logs = new LogCapture();
        await using var system = new ActorSystem("test", logs.Options() with
        {
            GuardianStrategy = new SupervisorStrategy { Decider = _ => SupervisorDirective.Escalate },
        });
        var probe = TestProbe.Create(system);
        var worker = system.ActorOf(Worker.Props(new WorkerSetup(probe.Ref)), "worker");
        await probe.WatchAsync(worker);

        worker.Tell(new Crash(new InvalidOperationException("boom")));

        Assert.Equal(worker, (await probe.FishForMessageAsync<Terminated>(_ => true)).Actor);
        Assert.Contains(logs.Events, e => e.Level == ActorLogLevel.Error && e.Source == "/user" && e.Exception?.Message == "boom");
    }

    [Fact]
    public async Task A_failed_actor_waiting_out_its_backoff_can_still_be_stopped()
    {
        var clock = new ManualTimeProvider();
        var slowRestart = new SupervisorStrategy { Backoff = new RestartBackoff(TimeSpan.FromHours(1), TimeSpan.FromHours(1), 1) };
        await using var system = new ActorSystem("test", new ActorSystemOptions { TimeProvider = clock, GuardianStrategy = slowRestart });
        var probe = TestProbe.Create(system);
        var worker = system.ActorOf(Worker.Props(new WorkerSetup(probe.Ref)), "worker");
        await probe.ExpectMessageAsync<Started>();

        worker.Tell(new Crash(new InvalidOperationException("boom")));
        await Eventually.TrueAsync(() => clock.PendingDelays.Count == 1, "the restart is scheduled");
        await system.StopAsync(worker).WaitAsync(TestTimeouts.Default);

        Assert.Equal(new Stopped(worker, 1), await probe.ExpectMessageAsync<Stopped>());
    }
}
