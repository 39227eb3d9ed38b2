using HdCluster.Actors.Tests.TestKit;

namespace HdCluster.Actors.Tests;

public sealed class LifecycleHookFailureTests
{
    [Fact]
    public async Task An_exception_in_PreStart_is_a_failure_the_supervisor_restarts()
    {
        var journal = new Journal();
        await using var system = new ActorSystem("test", new ActorSystemOptions
        {
            GuardianStrategy = new SupervisorStrategy { Backoff = RestartBackoff.None },
        });
        var probe = TestProbe.Create(system);
        var setup = new WorkerSetup(probe.Ref)
        {
            Journal = journal,
            PreStartFailure = instance => instance == 1 ? new IOException("dataset not mounted yet") : null,
        };

        var worker = system.ActorOf(Worker.Props(setup), "worker");

        Assert.Equal(new Started(worker, 2), await probe.ExpectMessageAsync<Started>());

        // The first instance never finished starting, so there is nothing for PreRestart or PostStop to release.
        Assert.Equal(
            ["worker: PreStart #1", "worker: PostRestart #2 after dataset not mounted yet", "worker: PreStart #2"],
            journal.Entries);
    }

    [Fact]
    public async Task An_actor_whose_PreStart_always_throws_is_stopped_once_its_budget_runs_out()
    {
        await using var system = new ActorSystem("test", new ActorSystemOptions
        {
            GuardianStrategy = new SupervisorStrategy
            {
                Backoff = RestartBackoff.None,
                MaxRestarts = 2,
                WhenRestartBudgetExhausted = SupervisorDirective.Stop,
            },
        });
        var probe = TestProbe.Create(system);
        var setup = new WorkerSetup(probe.Ref) { PreStartFailure = _ => new IOException("no GPU") };

        var worker = system.ActorOf(Worker.Props(setup), "worker");
        await probe.WatchAsync(worker);

        Assert.Equal(worker, (await probe.ExpectMessageAsync<Terminated>()).Actor);
        Assert.Equal(3, setup.Instances.Created);
    }

    [Fact]
    public async Task An_exception_in_PostStop_is_logged_and_the_stop_still_completes()
    {
        var logs = new LogCapture();
        await using var system = new ActorSystem("test", logs.Options());
        var probe = TestProbe.Create(system);
        var child = Worker.Props(new WorkerSetup(probe.Ref) { PostStopFailure = new IOException("flush failed") });
        var parent = system.ActorOf(Worker.Props(new WorkerSetup(probe.Ref) { Children = [("child", child)] }), "parent");
        var started = await probe.ExpectStartsAsync("parent", "child");
        await probe.WatchAsync(started["child"]);
        await probe.WatchAsync(parent);

        await system.StopAsync(parent).WaitAsync(TestTimeouts.Default);

        var terminated = new[] { await probe.FishForMessageAsync<Terminated>(_ => true), await probe.FishForMessageAsync<Terminated>(_ => true) };
        Assert.Equal([started["child"], parent], terminated.Select(t => t.Actor));
        Assert.Contains(logs.Events, e => e.Level == ActorLogLevel.Error && e.Source == "/user/parent/child" && e.Exception?.Message == "flush failed");
    }
}
