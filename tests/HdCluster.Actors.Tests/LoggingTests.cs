using HdCluster.Actors.Tests.TestKit;

namespace HdCluster.Actors.Tests;

public sealed class LoggingTests
{
    [Fact]
    public async Task Kernel_events_keep_the_template_and_its_values_apart()
    {
        var logs = new LogCapture();
        await using var system = new ActorSystem("test", logs.Options());
        var worker = system.ActorOf(Worker.Props(new WorkerSetup()), "worker");
        await system.StopAsync(worker).WaitAsync(TestTimeouts.Default);

        worker.Tell("late");

        var deadLetter = Assert.Single(logs.Events, e => e.MessageTemplate.StartsWith("Dead letter", StringComparison.Ordinal));
        Assert.Equal("Dead letter {MessageType} from {Sender} to {Recipient}", deadLetter.MessageTemplate);
        Assert.Equal(["String", "nobody", "/user/worker"], deadLetter.PropertyValues);
        Assert.Equal("Dead letter String from nobody to /user/worker", deadLetter.RenderMessage());
    }

    [Fact]
    public async Task An_actor_logs_through_its_context_tagged_with_its_path()
    {
        var logs = new LogCapture();
        await using var system = new ActorSystem("test", logs.Options());
        var trainer = system.ActorOf(Props.Create(() => new Trainer()), "trainer");

        await trainer.Ask<string>("step", TestTimeouts.Default);

        var logged = Assert.Single(logs.Events, e => e.Source == "/user/trainer" && e.Level == ActorLogLevel.Warning);
        Assert.Equal("Cell {CellId} diverged at step {Step}", logged.MessageTemplate);
        Assert.Equal("Cell 3 diverged at step 120", logged.RenderMessage());
    }

    [Fact]
    public async Task A_failure_is_logged_as_one_error_with_its_exception_and_the_decision()
    {
        var logs = new LogCapture();
        await using var system = new ActorSystem("test", logs.Options() with
        {
            GuardianStrategy = new SupervisorStrategy { Backoff = RestartBackoff.None },
        });
        var probe = TestProbe.Create(system);
        var worker = system.ActorOf(Worker.Props(new WorkerSetup(probe.Ref)), "worker");

        worker.Tell(new Crash(new InvalidOperationException("boom")));
        await probe.FishForMessageAsync<Started>(s => s.Instance == 2);

        var error = Assert.Single(logs.Events, e => e.Level == ActorLogLevel.Error);
        Assert.Equal("boom", error.Exception?.Message);
        Assert.StartsWith("Actor /user/worker failed while handling Crash; restart 1 of 10", error.RenderMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unhandled_message_is_logged_as_a_warning()
    {
        var logs = new LogCapture();
        await using var system = new ActorSystem("test", logs.Options());
        var trainer = system.ActorOf(Props.Create(() => new Trainer()), "trainer");

        trainer.Tell(42);
        await trainer.Ask<string>("step", TestTimeouts.Default);

        Assert.Contains(logs.Events, e => e.Level == ActorLogLevel.Warning && e.RenderMessage() == "Unhandled Int32 from /deadLetters");
    }

    [Theory]
    [InlineData("{{literal}} {Value}", "{literal} 1.5")]
    [InlineData("Loss {Loss:0.00} at {Step}", "Loss 1.5 at {Step}")]
    [InlineData("no holes", "no holes")]
    public void Rendering_fills_holes_in_order_and_unescapes_braces(string template, string expected)
    {
        var logEvent = new ActorLogEvent(DateTimeOffset.UnixEpoch, ActorLogLevel.Information, "/user/x", template, [1.5], null);

        Assert.Equal(expected, logEvent.RenderMessage());
    }

    private sealed class Trainer : Actor
    {
        protected override Task ReceiveAsync(object message)
        {
            if (message is "step")
            {
                Context.Log.Warning("Cell {CellId} diverged at step {Step}", 3, 120);
                Sender.Tell("done");
            }
            else
            {
                Unhandled(message);
            }

            return Task.CompletedTask;
        }
    }
}
