using HdCluster.Actors.Tests.TestKit;

namespace HdCluster.Actors.Tests;

public sealed class PipeToTests
{
    [Fact]
    public async Task The_result_of_a_completed_task_arrives_as_a_message()
    {
        await using var system = new ActorSystem("test");
        var probe = TestProbe.Create(system);

        await Task.FromResult(42).PipeTo(probe.Ref).WaitAsync(TestTimeouts.Default);

        Assert.Equal(42, await probe.ExpectMessageAsync<int>());
    }

    [Fact]
    public async Task A_faulted_task_arrives_as_PipedTaskFailed_with_its_cause()
    {
        await using var system = new ActorSystem("test");
        var probe = TestProbe.Create(system);

        await Task.FromException<int>(new IOException("disk gone")).PipeTo(probe.Ref).WaitAsync(TestTimeouts.Default);

        var failed = await probe.ExpectMessageAsync<PipedTaskFailed>();
        Assert.IsType<IOException>(failed.Cause);
    }

    [Fact]
    public async Task A_cancelled_task_arrives_as_PipedTaskFailed_with_a_cancellation()
    {
        await using var system = new ActorSystem("test");
        var probe = TestProbe.Create(system);

        await Task.FromCanceled<int>(new CancellationToken(canceled: true)).PipeTo(probe.Ref).WaitAsync(TestTimeouts.Default);

        var failed = await probe.ExpectMessageAsync<PipedTaskFailed>();
        Assert.IsAssignableFrom<OperationCanceledException>(failed.Cause);
    }

    [Fact]
    public async Task Success_and_failure_can_be_mapped_to_messages_named_for_what_happened()
    {
        await using var system = new ActorSystem("test");
        var probe = TestProbe.Create(system);

        await Task.FromResult(7).PipeTo(probe.Ref, success: n => new CellFinished(n)).WaitAsync(TestTimeouts.Default);
        await Task.FromException(new IOException()).PipeTo(probe.Ref, () => "unused", failure: e => new CellLost(e.GetType().Name)).WaitAsync(TestTimeouts.Default);

        Assert.Equal(new CellFinished(7), await probe.ExpectMessageAsync<CellFinished>());
        Assert.Equal(new CellLost(nameof(IOException)), await probe.ExpectMessageAsync<CellLost>());
    }

    [Fact]
    public async Task An_actor_keeps_answering_while_its_piped_work_is_in_flight()
    {
        await using var system = new ActorSystem("test");
        var probe = TestProbe.Create(system);
        var work = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var actor = system.ActorOf(Props.Create(() => new StartsSlowWork(work.Task, probe.Ref)), "pipes");

        actor.Tell(new StartWork());
        var pong = await actor.Ask<string>("ping", TestTimeouts.Default);
        work.SetResult(99);

        Assert.Equal("pong", pong);
        Assert.Equal(new CellFinished(99), await probe.ExpectMessageAsync<CellFinished>());
    }

    [Fact]
    public async Task Piping_a_failed_task_to_an_asker_fails_the_ask_with_the_cause()
    {
        await using var system = new ActorSystem("test");
        var actor = system.ActorOf(Props.Create(() => new AnswersWithFailedWork()), "fails");

        await Assert.ThrowsAsync<IOException>(() => actor.Ask<int>("compute", TestTimeouts.Default));
    }

    private sealed record StartWork;

    private sealed record CellFinished(int Value);

    private sealed record CellLost(string Reason);

    private sealed class StartsSlowWork(Task<int> work, ActorRef reporter) : Actor
    {
        protected override Task ReceiveAsync(object message)
        {
            switch (message)
            {
                case StartWork:
                    work.PipeTo(Self, success: value => new CellFinished(value));
                    break;
                case CellFinished finished:
                    reporter.Tell(finished);
                    break;
                case "ping":
                    Sender.Tell("pong");
                    break;
            }

            return Task.CompletedTask;
        }
    }

    private sealed class AnswersWithFailedWork : Actor
    {
        protected override Task ReceiveAsync(object message)
        {
            Task.FromException<int>(new IOException("no data")).PipeTo(Sender, Self);
            return Task.CompletedTask;
        }
    }
}
