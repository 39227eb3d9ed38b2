using Akka.Actor;
using Akka.TestKit;
using HdCluster.Engine.Aggregation;
using HdCluster.Engine.Coordination;
using HdCluster.Engine.Workers;
using HdCluster.Experiments;

namespace HdCluster.Engine.Tests;

/// <summary>
/// The coordinator's protocol with test probes as worker slots and as its aggregator: work goes only to slots that
/// ask, a lost slot's cell runs again elsewhere as its next attempt, a cell counts once however often it is written,
/// and a sweep that runs already is refused. Nothing trains here.
/// </summary>
public sealed class SweepCoordinatorTests : Akka.TestKit.Xunit2.TestKit, IDisposable
{
    private const string InMemoryJournal = """
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """;

    private const string PersistenceId = "coordinator-under-test";

    private readonly TempFolder folder = new();
    private readonly TestProbe aggregator;
    private readonly LogEvents log = new();
    private IActorRef coordinator;
    private readonly HdCluster.Sweeps.Sweep sweep;

    public SweepCoordinatorTests()
        : base(InMemoryJournal)
    {
        aggregator = CreateTestProbe("aggregator");
        coordinator = StartCoordinator();
        sweep = Sweeps.Load(folder, Sweeps.TinyYaml("probe", Sweeps.Seeds(3)) + "fuse: off\n");
    }

    [Fact]
    public void WorkGoesOnlyToASlotThatAskedAndOneCellAtATime()
    {
        var client = Submit();
        var slot = CreateTestProbe();
        slot.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        Ask(slot, "slot-a", offersReceived: 0);

        var offer = slot.ExpectMsg<WorkOffered>();
        Assert.Equal((sweep.Name, 1, 1, (string?)null), (offer.Sweep, offer.Cells.Count, offer.Attempt, offer.GroupId));
        Assert.Equal(sweep.Cells[0].Id, offer.Cells[0].Id);
        Assert.EndsWith(Path.Combine("probe", "checkpoints"), offer.CheckpointFolder, StringComparison.Ordinal);
        slot.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Equal(sweep.Cells[0].Id, client.FishForMessage<WorkStarted>(_ => true).CellIds.Single());
    }

    [Fact]
    public void ARepeatedRequestThatCrossesAnOfferDoesNotTakeTheCellBack()
    {
        Submit();
        var slot = CreateTestProbe();
        Ask(slot, "slot-a", offersReceived: 0);
        var offer = slot.ExpectMsg<WorkOffered>();

        // The slot asked again before our offer reached it: it has still seen no offer.
        Ask(slot, "slot-a", offersReceived: 0);

        slot.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        var other = CreateTestProbe();
        Ask(other, "slot-b", offersReceived: 0);
        Assert.NotEqual(offer.Cells[0].Id, other.ExpectMsg<WorkOffered>().Cells[0].Id);
    }

    [Fact]
    public void ALostSlotsCellRunsAgainOnAnotherSlotAsItsNextAttempt()
    {
        // One cell, so that the other slot, whenever it asks, can only get the lost slot's cell.
        var one = Sweeps.Load(folder, Sweeps.TinyYaml("one", Sweeps.Seeds(1)), "one.yaml");
        coordinator.Tell(new SweepSubmitted(SweepDefinition.Of(one), 3), CreateTestProbe().Ref);
        var lost = CreateTestProbe();
        Ask(lost, "slot-lost", offersReceived: 0);
        var first = lost.ExpectMsg<WorkOffered>();

        Sys.Stop(lost.Ref);
        var other = CreateTestProbe();
        Ask(other, "slot-b", offersReceived: 0);

        var again = other.ExpectMsg<WorkOffered>();
        Assert.Equal((first.Cells[0].Id, 2), (again.Cells[0].Id, again.Attempt));
    }

    [Fact]
    public void AResultIsForwardedToTheAggregatorWithTheWorkerAsSenderAndCountsOnceWhenWrittenTwice()
    {
        var client = Submit();
        var slot = CreateTestProbe();
        Ask(slot, "slot-a", offersReceived: 0);
        var offer = slot.ExpectMsg<WorkOffered>();
        var trained = Trained(offer, "slot-a");

        coordinator.Tell(trained, slot.Ref);

        Assert.Equal(trained, aggregator.ExpectMsg<CellTrained>());
        Assert.Equal(slot.Ref, aggregator.LastSender);
        var written = new CellWritten(sweep.Name, offer.Cells[0].Id, 1, "completed", "slot-a", "valid loss 1.0000");
        coordinator.Tell(written, aggregator.Ref);
        coordinator.Tell(written, aggregator.Ref);
        var ended = client.FishForMessage<CellEnded>(e => e.CellId == offer.Cells[0].Id);
        Assert.Equal("completed", ended.Status);
        client.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void ACellWhoseRowCannotBeWrittenIsNotCountedAndStopsTheSweepSayingWhy()
    {
        var client = Submit();
        var slot = CreateTestProbe();
        Ask(slot, "slot-a", offersReceived: 0);
        var offer = slot.ExpectMsg<WorkOffered>();
        coordinator.Tell(Trained(offer, "slot-a"), slot.Ref);
        aggregator.ExpectMsg<CellTrained>();

        coordinator.Tell(new CellWriteFailed(sweep.Name, offer.Cells[0].Id, "Could not write a cells part into '/x/parts'"), aggregator.Ref);
        coordinator.Tell(new WorkRequested("slot-a", "cpu", "here", 1), slot.Ref);

        slot.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        aggregator.ExpectMsg<SweepCompactionRequested>();
        coordinator.Tell(new SweepCompacted(sweep.Name, null), aggregator.Ref);
        var summary = client.FishForMessage<SweepEnded>(_ => true).Summary;
        Assert.Equal((0, 3, true), (summary.Completed, summary.NotRun, summary.Stopped));
        Assert.Equal($"cannot write the results of cell {offer.Cells[0].Id}: Could not write a cells part into '/x/parts'", summary.Fault);
    }

    [Fact]
    public void ASweepThatRunsAlreadyIsRefused()
    {
        Submit();
        var second = CreateTestProbe();

        coordinator.Tell(new SweepSubmitted(SweepDefinition.Of(sweep), 3), second.Ref);

        Assert.Contains("already running", second.ExpectMsg<SweepRefused>().Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ARestartedCoordinatorNeverTrainsACellWhoseRowIsWrittenThoughTheJournalHadNotSettledIt()
    {
        Submit();
        var slot = CreateTestProbe();
        Ask(slot, "slot-a", offersReceived: 0);
        var offer = slot.ExpectMsg<WorkOffered>();
        // The row reaches Parquet (a real aggregator writes it), and the coordinator dies before it hears so.
        var writer = CreateTestProbe();
        var realAggregator = Sys.ActorOf(Aggregator.Props(folder.Sub("results"), writer.Ref, log.Logger));
        realAggregator.Tell(Trained(offer, "slot-a"), writer.Ref);
        writer.ExpectMsg<CellWritten>(TimeSpan.FromSeconds(20));
        Restart();

        var offered = new List<string>();
        foreach (var name in new[] { "slot-b", "slot-c" })
        {
            var idle = CreateTestProbe();
            Ask(idle, name, offersReceived: 0);
            offered.Add(idle.ExpectMsg<WorkOffered>(TimeSpan.FromSeconds(10)).Cells[0].Id);
        }

        var last = CreateTestProbe();
        Ask(last, "slot-d", offersReceived: 0);
        last.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.Equal(new[] { sweep.Cells[1].Id, sweep.Cells[2].Id }.Order(), offered.Order());
        Assert.Contains(log.At(Serilog.Events.LogEventLevel.Information), m => m.Contains("recovered; 1 cells already written are skipped", StringComparison.Ordinal));
    }

    [Fact]
    public void ASweepWhoseResultsCannotBeReadAtRecoveryIsDroppedSayingWhyAndNothingRuns()
    {
        Submit();
        var cells = Path.Combine(folder.Sub("results"), sweep.Name, "cells.parquet");
        Directory.CreateDirectory(Path.GetDirectoryName(cells)!);
        File.WriteAllText(cells, "not a parquet file");

        Restart();
        var slot = CreateTestProbe();
        Ask(slot, "slot-a", offersReceived: 0);

        slot.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
        var error = Assert.Single(log.At(Serilog.Events.LogEventLevel.Error), m => m.Contains("is dropped at recovery", StringComparison.Ordinal));
        Assert.Contains("cells.parquet", error, StringComparison.Ordinal);
    }

    public new void Dispose()
    {
        folder.Dispose();
        base.Dispose();
    }

    private IActorRef StartCoordinator() =>
        Sys.ActorOf(Props.Create(() => new SweepCoordinator(folder.Sub("results"), PersistenceId, log.Logger, _ => aggregator.Ref)));

    // Stops the coordinator and starts another on the same journal, which recovers from it.
    private void Restart()
    {
        var watcher = CreateTestProbe();
        watcher.Watch(coordinator);
        Sys.Stop(coordinator);
        watcher.ExpectTerminated(coordinator, TimeSpan.FromSeconds(10));
        coordinator = StartCoordinator();
    }

    private TestProbe Submit()
    {
        var client = CreateTestProbe();
        coordinator.Tell(new SweepSubmitted(SweepDefinition.Of(sweep), 3), client.Ref);
        var accepted = client.ExpectMsg<SweepAccepted>();
        Assert.Equal((3, 0), (accepted.Total, accepted.Skipped));
        return client;
    }

    private void Ask(TestProbe slot, string name, long offersReceived) =>
        coordinator.Tell(new WorkRequested(name, "cpu", "here", offersReceived), slot.Ref);

    private static CellTrained Trained(WorkOffered offer, string worker) => new(
        offer.Sweep,
        offer.Cells[0],
        offer.Attempt,
        new CellResult(CellStatus.Completed, 8, 1, 1.0, 1.0, 0.5, ["L1.lr"], [0.01], 0.1),
        new CellRecords(["L1.lr"], [], []),
        worker,
        "cpu",
        "here",
        null);
}
