using HdCluster.Actors.Tests.TestKit;

namespace HdCluster.Actors.Tests;

public sealed class AskTests
{
    [Fact]
    public async Task Ask_returns_the_reply()
    {
        await using var system = new ActorSystem("test");
        var echo = system.ActorOf(Props.Create(() => new Echo()), "echo");

        var reply = await echo.Ask<string>("hello", TestTimeouts.Default);

        Assert.Equal("hello", reply);
    }

    [Fact]
    public async Task Concurrent_asks_each_get_their_own_reply()
    {
        await using var system = new ActorSystem("test");
        var echo = system.ActorOf(Props.Create(() => new Echo()), "echo");

        var replies = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => echo.Ask<int>(i, TestTimeouts.Default))));

        Assert.Equal(Enumerable.Range(0, 200), replies);
    }

    [Fact]
    public async Task Ask_without_a_reply_times_out_naming_the_actor_and_the_message_type()
    {
        await using var system = new ActorSystem("test");
        var silent = system.ActorOf(Props.Create(() => new Silent()), "silent");

        var timeout = await Assert.ThrowsAsync<TimeoutException>(
            () => silent.Ask<string>(new Question(), TimeSpan.FromMilliseconds(100)));

        Assert.Contains("/user/silent", timeout.Message);
        Assert.Contains(nameof(Question), timeout.Message);
    }

    [Fact]
    public async Task Ask_is_cancelled_by_the_callers_token()
    {
        await using var system = new ActorSystem("test");
        var silent = system.ActorOf(Props.Create(() => new Silent()), "silent");
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => silent.Ask<string>(new Question(), TestTimeouts.Default, cancellation.Token));
    }

    [Fact]
    public async Task Ask_with_an_already_cancelled_token_does_not_send_the_message()
    {
        await using var system = new ActorSystem("test");
        var probe = TestProbe.Create(system);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => probe.Ref.Ask<string>(new Question(), TestTimeouts.Default, new CancellationToken(canceled: true)));

        await probe.ExpectNoMessageAsync();
    }

    [Fact]
    public async Task Ask_to_a_stopped_actor_fails_at_once_with_ActorStoppedException()
    {
        await using var system = new ActorSystem("test");
        var echo = system.ActorOf(Props.Create(() => new Echo()), "echo");
        await system.StopAsync(echo).WaitAsync(TestTimeouts.Default);

        // The ask timeout is the test timeout: only a fast failure can produce ActorStoppedException here.
        var stopped = await Assert.ThrowsAsync<ActorStoppedException>(
            () => echo.Ask<string>("hello", TestTimeouts.Default));

        Assert.Equal(echo, stopped.Actor);
        Assert.Equal(1, system.DeadLetterCount);
    }

    [Fact]
    public async Task Ask_fails_with_the_handlers_exception_when_the_actor_throws()
    {
        await using var system = new ActorSystem("test");
        var probe = TestProbe.Create(system);
        var worker = system.ActorOf(Worker.Props(new WorkerSetup(probe.Ref)), "worker");

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(
            () => worker.Ask<string>(new Crash(new InvalidOperationException("bad input")), TestTimeouts.Default));

        Assert.Equal("bad input", thrown.Message);
    }

    [Fact]
    public async Task Ask_answered_with_the_wrong_type_fails_with_InvalidCastException()
    {
        await using var system = new ActorSystem("test");
        var echo = system.ActorOf(Props.Create(() => new Echo()), "echo");

        var wrongType = await Assert.ThrowsAsync<InvalidCastException>(() => echo.Ask<int>("hello", TestTimeouts.Default));

        Assert.Contains(nameof(String), wrongType.Message);
        Assert.Contains(nameof(Int32), wrongType.Message);
    }

    [Fact]
    public async Task A_reply_arriving_after_the_ask_timed_out_goes_to_dead_letters()
    {
        await using var system = new ActorSystem("test");
        var late = system.ActorOf(Props.Create(() => new RepliesWhenReleased()), "late");

        await Assert.ThrowsAsync<TimeoutException>(() => late.Ask<string>(new Question(), TimeSpan.FromMilliseconds(50)));
        var deadLetter = new TaskCompletionSource<DeadLetter>(TaskCreationOptions.RunContinuationsAsynchronously);
        system.DeadLetterPublished += (_, letter) => deadLetter.TrySetResult(letter);
        late.Tell(new Release());

        var letter = await deadLetter.Task.WaitAsync(TestTimeouts.Default);
        Assert.Equal("too late", letter.Message);
        Assert.StartsWith("/temp/ask-", letter.Recipient.Path);
    }

    [Fact]
    public async Task Ask_rejects_a_timeout_that_is_not_positive()
    {
        await using var system = new ActorSystem("test");
        var echo = system.ActorOf(Props.Create(() => new Echo()), "echo");

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => echo.Ask<string>("hello", TimeSpan.Zero));
    }

    private sealed record Question;

    private sealed record Release;

    private sealed class Echo : Actor
    {
        protected override Task ReceiveAsync(object message)
        {
            Sender.Tell(message, Self);
            return Task.CompletedTask;
        }
    }

    private sealed class Silent : Actor
    {
        protected override Task ReceiveAsync(object message) => Task.CompletedTask;
    }

    private sealed class RepliesWhenReleased : Actor
    {
        private ActorRef? asker;

        protected override Task ReceiveAsync(object message)
        {
            switch (message)
            {
                case Question:
                    asker = Sender;
                    break;
                case Release:
                    asker?.Tell("too late", Self);
                    break;
            }

            return Task.CompletedTask;
        }
    }
}
