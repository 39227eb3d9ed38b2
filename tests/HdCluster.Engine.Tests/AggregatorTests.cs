using Akka.Actor;
using Akka.TestKit;
using HdCluster.Engine.Aggregation;
using HdCluster.Engine.Workers;
using HdCluster.Experiments;
using HdCluster.Results;
using Serilog.Events;

namespace HdCluster.Engine.Tests;

/// <summary>
/// The aggregator's group commit, with probes as workers and coordinator. Cells that arrive while a write is under
/// way are written together: the aggregator and the coordinator's stand-in run on the calling thread, and the
/// stand-in sends the next cells when it hears the first answer, so they are in the mailbox, deterministically,
/// before the aggregator looks for more. Nothing trains here.
/// </summary>
public sealed class AggregatorTests : Akka.TestKit.Xunit2.TestKit, IDisposable
{
    private const int StepsPerCell = 3;

    private readonly TempFolder folder = new();
    private readonly LogEvents log = new();
    private readonly TestProbe coordinator;
    private readonly TestProbe worker;
    private readonly HdCluster.Sweeps.Sweep sweep;

    public AggregatorTests()
    {
        coordinator = CreateTestProbe("coordinator");
        worker = CreateTestProbe("worker");
        sweep = Sweeps.Load(folder, Sweeps.TinyYaml("batch", Sweeps.Seeds(4)));
    }

    private string Results => folder.Sub("results");

    private string Parts => Path.Combine(Results, sweep.Name, "parts");

    [Fact]
    public void CellsThatArriveDuringAWriteAreWrittenTogetherOneCurvesPartAndOneCellsPart()
    {
        var aggregator = Start(then: [Trained(1), Trained(2), Trained(3)]);

        aggregator.Tell(Trained(0), worker.Ref);

        Assert.Equal(new[] { "cell 0", "cell 1", "cell 2", "cell 3" }, Enumerable.Range(0, 4).Select(_ => Label(worker.ExpectMsg<CellWritten>())));
        Assert.Equal(4, Enumerable.Range(0, 4).Select(_ => coordinator.ExpectMsg<CellWritten>().CellId).Distinct().Count());
        Assert.Equal((2, 2), (Directory.GetFiles(Parts, "cells-*").Length, Directory.GetFiles(Parts, "curves-*").Length));
        using var store = ResultsStore.ForSweep(Results, sweep.Name);
        Assert.Equal(new[] { 1L, 3L }, store.Query("SELECT count(*) FROM hdc.cells_all GROUP BY _part ORDER BY _part").Rows.Select(r => (long)r[0]!));
        Assert.Equal(4L * StepsPerCell, store.Query("SELECT count(*) FROM curves").Rows.Single()[0]);
    }

    [Fact]
    public void AResultSentAgainBeforeItsWriteIsWrittenOnceAndBothSendsAreAnswered()
    {
        var aggregator = Start(then: [Trained(1), Trained(1), Trained(2)]);

        aggregator.Tell(Trained(0), worker.Ref);

        Assert.Equal(new[] { "cell 0", "cell 1", "cell 1", "cell 2" }, Enumerable.Range(0, 4).Select(_ => Label(worker.ExpectMsg<CellWritten>())));
        Assert.Equal(new[] { "cell 0", "cell 1", "cell 2" }, Enumerable.Range(0, 3).Select(_ => Label(coordinator.ExpectMsg<CellWritten>())));
        coordinator.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        using var store = ResultsStore.ForSweep(Results, sweep.Name);
        Assert.Equal(3L, store.Query("SELECT count(*) FROM hdc.cells_all").Rows.Single()[0]);
        Assert.Equal(3L * StepsPerCell, store.Query("SELECT count(*) FROM curves").Rows.Single()[0]);
    }

    [Fact]
    public void AResultSentAgainAfterItsWriteIsAnsweredWithoutASecondWrite()
    {
        var aggregator = Start(then: []);
        aggregator.Tell(Trained(0), worker.Ref);
        var first = worker.ExpectMsg<CellWritten>();
        coordinator.ExpectMsg<CellWritten>();

        aggregator.Tell(Trained(0, attempt: 2), worker.Ref);

        Assert.Equal(first, worker.ExpectMsg<CellWritten>());
        coordinator.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Single(Directory.GetFiles(Parts, "cells-*"));
    }

    [Fact]
    public void WhenABatchCannotBeWrittenEveryCellOfItIsReportedAndNoneIsClaimed()
    {
        Directory.CreateDirectory(Path.Combine(Results, sweep.Name));
        File.WriteAllText(Parts, "not a folder");
        var aggregator = Start(then: [Trained(1), Trained(2), Trained(3)]);

        aggregator.Tell(Trained(0), worker.Ref);

        var failed = Enumerable.Range(0, 4).Select(_ => worker.ExpectMsg<CellWriteFailed>()).ToArray();
        Assert.Equal(new[] { "c0", "c1", "c2", "c3" }, failed.Select(f => $"c{Array.IndexOf(CellIds, f.CellId)}"));
        Assert.Equal(failed, Enumerable.Range(0, 4).Select(_ => coordinator.ExpectMsg<CellWriteFailed>()));
        Assert.All(failed, f => Assert.Contains(Parts, f.Error, StringComparison.Ordinal));
        Assert.All(failed, f => Assert.DoesNotContain("another process", f.Error, StringComparison.OrdinalIgnoreCase));
        Assert.Contains(log.At(LogEventLevel.Error), line => line.StartsWith("Writing the results of 3 cell(s)", StringComparison.Ordinal));
        worker.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void ACompactionRequestedWhileCellsWaitMergesThemAfterWritingThem()
    {
        var aggregator = Start(then: [Trained(1), new SweepCompactionRequested(sweep.Name)]);

        aggregator.Tell(Trained(0), worker.Ref);

        Assert.Equal(new[] { "cell 0", "cell 1" }, Enumerable.Range(0, 2).Select(_ => Label(worker.ExpectMsg<CellWritten>())));
        Assert.Null(worker.ExpectMsg<SweepCompacted>().Warning);
        Assert.False(Directory.Exists(Parts) && Directory.EnumerateFiles(Parts).Any(), "every part is merged");
        using var store = ResultsStore.ForSweep(Results, sweep.Name);
        Assert.Equal(2L, store.Query("SELECT count(*) FROM cells").Rows.Single()[0]);
    }

    public new void Dispose()
    {
        folder.Dispose();
        base.Dispose();
    }

    private string[] CellIds => sweep.Cells.Select(c => c.Id).ToArray();

    private string Label(CellWritten written) => $"cell {Array.IndexOf(CellIds, written.CellId)}";

    /// <summary>
    /// An aggregator whose coordinator, when it hears the first answer, sends <paramref name="then"/> to the aggregator
    /// as the worker. Both run on the calling thread, so those messages queue while the aggregator is still busy.
    /// </summary>
    private IActorRef Start(object[] then)
    {
        var relay = Sys.ActorOf(Props.Create(() => new Relay(coordinator.Ref, worker.Ref, then)).WithDispatcher(CallingThreadDispatcher.Id));
        var aggregator = Sys.ActorOf(Aggregator.Props(Results, relay, log.Logger).WithDispatcher(CallingThreadDispatcher.Id));
        relay.Tell(aggregator);
        return aggregator;
    }

    private CellTrained Trained(int cell, int attempt = 1) => new(
        sweep.Name,
        sweep.Cells[cell],
        attempt,
        new CellResult(CellStatus.Completed, StepsPerCell, 1, 1.0, 0.5 + cell, 0.5, ["L1.lr"], [0.01], 0.1),
        new CellRecords(["L1.lr"], Enumerable.Range(1, StepsPerCell).Select(s => new StepRecord(s, 1, 1.0 / s, [0.01])).ToArray(), []),
        "worker",
        "cpu",
        "here",
        null);

    /// <summary>Stands in for the coordinator: passes everything on to a probe, and once sends the queued messages on.</summary>
    private sealed class Relay : ReceiveActor
    {
        private IActorRef? aggregator;
        private object[] then;

        public Relay(IActorRef probe, IActorRef worker, object[] then)
        {
            this.then = then;
            Receive<IActorRef>(target => aggregator = target);
            ReceiveAny(message =>
            {
                probe.Forward(message);
                foreach (var next in this.then)
                {
                    aggregator!.Tell(next, worker);
                }

                this.then = [];
            });
        }
    }
}
