using HdCluster.Experiments;

using static HdCluster.Training.Tests.CellRuns;

namespace HdCluster.Training.Tests;

/// <summary>A run stopped at an epoch boundary and resumed from its checkpoint gives the numbers of the run that
/// never stopped, bit for bit, for Baydin's optimizers (plain state) and for hyperoptimizer towers (whose next
/// hypergradient needs the replayed last update).</summary>
public class CheckpointTests
{
    public static TheoryData<string, string> Optimizers() => new()
    {
        { "adam_hd(lr=0.001, beta=1e-7, wd=1e-4)", "float32" },
        { "sgdn_hd(lr=0.01, beta=0.001)", "float32" },
        { "sgd(0.01) / sgd(0.001)", "float32" },
        { "adam(0.001) / sgd(1e-5)", "float32" },
        { "sgd(0.01) / sgd(0.001)", "float64" },
    };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void AResumedRunGivesTheUninterruptedNumbersExactly(string optimizer, string dtype)
    {
        using var folder = new TempFolder();
        var checkpoint = folder.Sub("cell.pt");
        var config = TanhMlp(optimizer, epochs: 3) with { Dtype = dtype };
        var (expected, uninterrupted) = Run(config);

        var (stopped, before) = Run(config, checkpoint, stopAfterEpoch: 1);
        Assert.Equal(CellStatus.Cancelled, stopped.Status);
        Assert.Equal(1, stopped.Epochs);
        Assert.True(File.Exists(checkpoint));
        var (resumed, after) = Run(config, checkpoint);

        // Checkpointing does not disturb the first attempt, and the second continues exactly where it left off.
        Assert.Equal(Numbers(uninterrupted.Steps.Where(r => r.Epoch <= 1)), Numbers(before.Steps));
        Assert.Equal(Numbers(uninterrupted.Epochs.Where(r => r.Epoch <= 1)), Numbers(before.Epochs));
        Assert.Equal(Numbers(uninterrupted.Steps.Where(r => r.Epoch > 1)), Numbers(after.Steps));
        Assert.Equal(Numbers(uninterrupted.Epochs.Where(r => r.Epoch > 1)), Numbers(after.Epochs));
        Assert.Equal(Numbers(expected), Numbers(resumed));
        Assert.Equal(CellStatus.Completed, resumed.Status);
    }

    [Fact]
    public void AResumedRunReportsWhereItResumed()
    {
        using var folder = new TempFolder();
        var checkpoint = folder.Sub("cell.pt");
        var config = TanhMlp("sgd(0.01) / sgd(0.001)", epochs: 2);

        var (_, first) = Run(config, checkpoint, stopAfterEpoch: 1);
        var (_, second) = Run(config, checkpoint);

        Assert.Equal([null], first.Starts);
        Assert.Equal([(8L, 1)], second.Starts);
        Assert.Equal([2], second.Epochs.Select(r => r.Epoch));
        Assert.Equal(9, second.Steps[0].Step);
        Assert.Single(first.Completions);
        Assert.Single(second.Completions);
    }

    [Fact]
    public void ARunCancelledMidEpochResumesFromTheLastEpochBoundary()
    {
        using var folder = new TempFolder();
        var checkpoint = folder.Sub("cell.pt");
        var config = TanhMlp("adam(0.001) / sgd(1e-5)", epochs: 2);
        var (expected, uninterrupted) = Run(config);

        using var cancellation = new CancellationTokenSource();
        var sink = new RecordingSink { OnStepHook = r => { if (r.Step == 11) { cancellation.Cancel(); } } };
        var cancelled = new CellTrainer(config, TestPaths.DataRoot, sink, checkpoint).Run(cancellation.Token);
        Assert.Equal((CellStatus.Cancelled, 11L, 1), (cancelled.Status, cancelled.Steps, cancelled.Epochs));
        var (resumed, after) = Run(config, checkpoint);

        Assert.Equal([(8L, 1)], after.Starts);
        Assert.Equal(Numbers(uninterrupted.Steps.Where(r => r.Epoch > 1)), Numbers(after.Steps));
        Assert.Equal(Numbers(expected), Numbers(resumed));
    }

    [Fact]
    public void RunningAFinishedCellAgainReturnsItsResultWithoutTraining()
    {
        using var folder = new TempFolder();
        var checkpoint = folder.Sub("cell.pt");
        var config = TanhMlp("sgd(0.01) / sgd(0.001)", epochs: 1);
        var (finished, _) = Run(config, checkpoint);

        var (again, sink) = Run(config, checkpoint);

        Assert.Equal(Numbers(finished), Numbers(again));
        Assert.Equal([(8L, 1)], sink.Starts);
        Assert.Empty(sink.Steps);
        Assert.Empty(sink.Epochs);
    }

    [Fact]
    public void TheCsvSinkDropsRowsOfALostAttemptWhenTheRunResumes()
    {
        using var folder = new TempFolder();
        var config = TanhMlp("sgd(0.01) / sgd(0.001)", epochs: 3);
        var expected = folder.Sub("uninterrupted");
        using (var sink = new CsvRecordSink(expected))
        {
            new CellTrainer(config, TestPaths.DataRoot, sink).Run();
        }

        var resumed = folder.Sub("resumed");
        var checkpoint = folder.Sub("cell.pt");
        using (var sink = new CsvRecordSink(resumed))
        {
            new CellTrainer(config, TestPaths.DataRoot, sink, checkpoint) { StopAfterEpoch = 1 }.Run();

            // An attempt after the checkpoint that got further and was lost before its next one.
            File.AppendAllLines(sink.StepsPath, ["9,2,0.5,0.01,0.001"]);
            File.AppendAllLines(sink.EpochsPath, ["2,16,0.5,0.5,0.5,0.01,0.001,1,1"]);
        }

        using (var sink = new CsvRecordSink(resumed))
        {
            new CellTrainer(config, TestPaths.DataRoot, sink, checkpoint).Run();
        }

        Assert.Equal(File.ReadAllLines(Path.Combine(expected, "steps.csv")), File.ReadAllLines(Path.Combine(resumed, "steps.csv")));
        Assert.Equal(WithoutTimings(Path.Combine(expected, "epochs.csv")), WithoutTimings(Path.Combine(resumed, "epochs.csv")));
        Assert.Equal(1 + 4, File.ReadAllLines(Path.Combine(resumed, "epochs.csv")).Length);
    }

    // The last two columns are wall_seconds and examples_per_second.
    private static string[] WithoutTimings(string path) =>
        File.ReadAllLines(path).Select(line => string.Join(",", line.Split(',')[..^2])).ToArray();
}
