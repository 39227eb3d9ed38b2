using HdCluster.Experiments;
using HdCluster.Training.Fused;
using static HdCluster.Training.Tests.Fused.FusedRuns;

namespace HdCluster.Training.Tests.Fused;

/// <summary>The fused trainer's contract beyond the numbers: what it refuses, per-cell record strides, cancellation.</summary>
public class FusedCellTrainerTests
{
    [Fact]
    public void CellsThatCannotBeOneGroupAreRefusedWithTheReason()
    {
        var cells = new[] { Cell("logreg", "sgd(0.01)"), Cell("logreg", "sgd(0.01)") with { BatchSize = 64 } };

        var error = Assert.Throws<ArgumentException>(() => new FusedCellTrainer(cells, TestPaths.DataRoot, [new RecordingSink(), new RecordingSink()]));
        Assert.Contains("batch_size", error.Message);
    }

    [Fact]
    public void EachCellNeedsItsOwnSink()
    {
        var cells = new[] { Cell("logreg", "sgd(0.01)"), Cell("logreg", "sgd(0.02)") };

        Assert.Throws<ArgumentException>(() => new FusedCellTrainer(cells, TestPaths.DataRoot, [new RecordingSink()]));
    }

    [Fact]
    public void EachCellKeepsItsOwnRecordStride()
    {
        var cells = new[] { Cell("logreg", "sgd_hd(lr=0.01, beta=1e-3)") with { RecordEvery = 3 }, Cell("logreg", "sgd(0.02)") with { RecordEvery = 5 } };

        var (results, sinks) = RunFused(cells);

        Assert.Equal([3L, 6, 9, 12, 15], sinks[0].Steps.Select(s => s.Step));
        Assert.Equal([5L, 10, 15], sinks[1].Steps.Select(s => s.Step));
        AssertSameRecords("stride 3", CellRuns.Run(cells[0]), results[0], sinks[0]);
    }

    [Fact]
    public void ACancelledGroupEndsEveryCellAsCancelledWithItsLastEpoch()
    {
        using var cancellation = new CancellationTokenSource();
        var cells = new[] { Cell("logreg", "sgd(0.01)"), Cell("logreg", "sgd(0.02)") };
        var sinks = new[] { new RecordingSink { OnStepHook = r => { if (r.Step == 10) { cancellation.Cancel(); } } }, new RecordingSink() };

        var results = new FusedCellTrainer(cells, TestPaths.DataRoot, sinks).Run(cancellation.Token);

        Assert.All(results, r => Assert.Equal(CellStatus.Cancelled, r.Status));
        Assert.All(results, r => Assert.Equal((10L, 1), (r.Steps, r.Epochs)));
        Assert.All(sinks, s => Assert.Equal(s.Epochs[^1].ValidLoss, Assert.Single(s.Completions).FinalValidLoss));
    }
}
