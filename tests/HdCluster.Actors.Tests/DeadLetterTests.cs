using HdCluster.Actors.Tests.TestKit;

namespace HdCluster.Actors.Tests;

public sealed class DeadLetterTests
{
    [Fact]
    public async Task A_message_to_a_stopped_actor_is_published_as_a_dead_letter_instead_of_throwing()
    {
        await using var system = new ActorSystem("test");
        var probe = TestProbe.Create(system);
        var worker = system.ActorOf(Worker.Props(new WorkerSetup()), "worker");
        await system.StopAsync(worker).WaitAsync(TestTimeouts.Default);
        var published = new List<DeadLetter>();
        system.DeadLetterPublished += (_, letter) => published.Add(letter);

        worker.Tell("hello", probe.Ref);

        Assert.Equal([new DeadLetter("hello", probe.Ref, worker)], published);
        Assert.Equal(1, system.DeadLetterCount);
    }

    [Fact]
    public async Task A_reply_to_a_message_that_had_no_sender_goes_to_dead_letters()
    {
        await using var system = new ActorSystem("test");
        var replied = new TaskCompletionSource<DeadLetter>(TaskCreationOptions.RunContinuationsAsynchronously);
        system.DeadLetterPublished += (_, letter) => replied.TrySetResult(letter);
        var replier = system.ActorOf(Props.Create(() => new Replier()), "replier");

        replier.Tell("question");

        var letter = await replied.Task.WaitAsync(TestTimeouts.Default);
        Assert.Equal("answer", letter.Message);
        Assert.Equal(system.DeadLetters, letter.Recipient);
        Assert.Equal(replier, letter.Sender);
    }

    [Fact]
    public async Task A_throwing_dead_letter_subscriber_does_not_break_the_sender()
    {
        var logs = new LogCapture();
        await using var system = new ActorSystem("test", logs.Options());
        system.DeadLetterPublished += (_, _) => throw new InvalidOperationException("subscriber bug");

        system.DeadLetters.Tell("nobody home");

        Assert.Equal(1, system.DeadLetterCount);
        Assert.Contains(logs.Events, e => e.Level == ActorLogLevel.Error && e.Exception?.Message == "subscriber bug");
    }

    private sealed class Replier : Actor
    {
        protected override Task ReceiveAsync(object message)
        {
            Sender.Tell("answer", Self);
            return Task.CompletedTask;
        }
    }
}
