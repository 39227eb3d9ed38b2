using HdCluster.Actors.Tests.TestKit;

namespace HdCluster.Actors.Tests;

public sealed class RestartBackoffTests
{
    [Theory]
    [InlineData(0, 100)]
    [InlineData(1, 200)]
    [InlineData(2, 400)]
    [InlineData(3, 800)]
    [InlineData(4, 1000)]
    [InlineData(500, 1000)]
    public void The_delay_doubles_with_each_previous_restart_up_to_the_cap(int previousRestarts, int expectedMilliseconds)
    {
        var backoff = new RestartBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), 2);

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), backoff.DelayFor(previousRestarts));
    }

    [Fact]
    public void No_backoff_restarts_at_once()
    {
        Assert.Equal(TimeSpan.Zero, RestartBackoff.None.DelayFor(10));
    }

    [Fact]
    public void Settings_that_would_shrink_or_invert_the_delay_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RestartBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RestartBackoff(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1), 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RestartBackoff(TimeSpan.FromSeconds(-1), TimeSpan.FromSeconds(1), 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RestartBackoff(TimeSpan.Zero, TimeSpan.FromSeconds(1), double.NaN));
    }

    [Fact]
    public async Task A_repeatedly_failing_actor_waits_longer_before_each_restart_up_to_the_cap()
    {
        var clock = new ManualTimeProvider();
        var strategy = new SupervisorStrategy
        {
            Backoff = new RestartBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(300), 2),
        };
        await using var system = new ActorSystem("test", new ActorSystemOptions { TimeProvider = clock, GuardianStrategy = strategy });
        var probe = TestProbe.Create(system);
        var worker = system.ActorOf(Worker.Props(new WorkerSetup(probe.Ref)), "worker");
        await probe.ExpectMessageAsync<Started>();

        var instance = 1;
        foreach (var expectedDelay in new[] { 100, 200, 300, 300 }.Select(ms => TimeSpan.FromMilliseconds(ms)))
        {
            worker.Tell(new Crash(new InvalidOperationException("boom")));
            await Eventually.TrueAsync(() => clock.PendingDelays.Count == 1, "the restart is scheduled");
            Assert.Equal(expectedDelay, clock.PendingDelays[0]);

            clock.Advance(expectedDelay - TimeSpan.FromMilliseconds(1));
            Assert.Equal([TimeSpan.FromMilliseconds(1)], clock.PendingDelays);

            clock.Advance(TimeSpan.FromMilliseconds(1));
            Assert.Equal(new Stopped(worker, instance), await probe.ExpectMessageAsync<Stopped>());
            Assert.Equal(new Started(worker, ++instance), await probe.ExpectMessageAsync<Started>());
        }
    }

    [Fact]
    public async Task Messages_sent_during_the_backoff_wait_are_handled_by_the_restarted_instance()
    {
        var clock = new ManualTimeProvider();
        var strategy = new SupervisorStrategy { Backoff = new RestartBackoff(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), 1) };
        await using var system = new ActorSystem("test", new ActorSystemOptions { TimeProvider = clock, GuardianStrategy = strategy });
        var probe = TestProbe.Create(system);
        var worker = system.ActorOf(Worker.Props(new WorkerSetup(probe.Ref)), "worker");
        await probe.ExpectMessageAsync<Started>();

        worker.Tell(new Crash(new InvalidOperationException("boom")));
        await Eventually.TrueAsync(() => clock.PendingDelays.Count == 1, "the restart is scheduled");
        worker.Tell("queued during backoff");
        await probe.ExpectNoMessageAsync();
        clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(new Handled(worker, "queued during backoff", 2), await probe.FishForMessageAsync<Handled>(_ => true));
    }
}
