using System.Globalization;
using HdCluster.Experiments;

namespace HdCluster.Training.Tests;

/// <summary>steps.csv and epochs.csv: named columns, exact numbers, rows on disk as they come, and a resumed run
/// that continues the files from its checkpoint.</summary>
public class CsvRecordSinkTests
{
    private static readonly CellConfig Config = CellRuns.LogReg("sgd(0.01) / sgd(0.001)");
    private static readonly string[] Names = ["L1.alpha", "L2.alpha"];

    [Fact]
    public void HeadersNameTheHyperparameters()
    {
        using var folder = new TempFolder();
        using var sink = new CsvRecordSink(folder.Path);
        sink.OnStart(Config, Names, null);

        Assert.Equal(["step,epoch,loss,L1.alpha,L2.alpha"], ReadShared(sink.StepsPath));
        Assert.Equal(["epoch,step,train_loss,valid_loss,valid_accuracy,L1.alpha,L2.alpha,wall_seconds,examples_per_second"], ReadShared(sink.EpochsPath));
    }

    [Fact]
    public void RowsAreOnDiskAsTheyComeWithExactNumbers()
    {
        using var folder = new TempFolder();
        using var sink = new CsvRecordSink(folder.Path);
        sink.OnStart(Config, Names, null);
        var loss = 0.1 + 0.2;
        sink.OnStep(new StepRecord(1, 1, loss, [1.0 / 3, 1e-300]));
        sink.OnEpoch(new EpochRecord(1, 1, loss, double.NaN, 0.5, [1.0 / 3, 1e-300], 1.25, 800));

        var step = ReadShared(sink.StepsPath)[1].Split(',');
        Assert.Equal((1L, 1, loss, 1.0 / 3, 1e-300), (long.Parse(step[0], CultureInfo.InvariantCulture), int.Parse(step[1], CultureInfo.InvariantCulture), D(step[2]), D(step[3]), D(step[4])));
        Assert.Equal("1,1,0.30000000000000004,NaN,0.5,0.3333333333333333,1E-300,1.25,800", ReadShared(sink.EpochsPath)[1]);
    }

    [Fact]
    public void AFreshStartReplacesEarlierFiles()
    {
        using var folder = new TempFolder();
        Write(folder.Path, steps: 5, epochs: 1);

        using var sink = new CsvRecordSink(folder.Path);
        sink.OnStart(Config, Names, null);

        Assert.Single(ReadShared(sink.StepsPath));
        Assert.Single(ReadShared(sink.EpochsPath));
    }

    [Fact]
    public void AResumedStartKeepsRowsUpToTheCheckpointAndAppendsAfterThem()
    {
        using var folder = new TempFolder();
        Write(folder.Path, steps: 12, epochs: 2);

        using var sink = new CsvRecordSink(folder.Path);
        sink.OnStart(Config, Names, (8, 1));
        sink.OnStep(new StepRecord(9, 2, 0.5, [0.01, 0.001]));

        Assert.Equal([1L, 2, 3, 4, 5, 6, 7, 8, 9], ReadShared(sink.StepsPath).Skip(1).Select(l => long.Parse(l.Split(',')[0], CultureInfo.InvariantCulture)));
        Assert.Equal(["0", "1"], ReadShared(sink.EpochsPath).Skip(1).Select(l => l.Split(',')[0]));
    }

    [Fact]
    public void ARowCutShortByACrashIsDroppedOnResume()
    {
        using var folder = new TempFolder();
        Write(folder.Path, steps: 8, epochs: 1);
        var steps = Path.Combine(folder.Path, "steps.csv");
        // The lost attempt had written step 9 and begun the rows of step 10 and epoch 1... of a later epoch.
        File.AppendAllText(steps, "9,2,0.4,0.01,0.001\n1");
        File.AppendAllText(Path.Combine(folder.Path, "epochs.csv"), "1");

        using var sink = new CsvRecordSink(folder.Path);
        sink.OnStart(Config, Names, (8, 1));
        sink.OnStep(new StepRecord(9, 2, 0.5, [0.01, 0.001]));
        sink.OnEpoch(new EpochRecord(2, 16, 0.5, 0.5, 0.5, [0.01, 0.001], 2, 100));

        var lines = ReadShared(steps);
        Assert.Equal(10, lines.Length);
        Assert.Equal("9,2,0.5,0.01,0.001", lines[^1]);
        Assert.Equal(["0", "1", "2"], ReadShared(sink.EpochsPath).Skip(1).Select(l => l.Split(',')[0]));
    }

    [Fact]
    public void AResumedStartWithoutFilesBeginsThemWithHeaders()
    {
        using var folder = new TempFolder();
        using var sink = new CsvRecordSink(Path.Combine(folder.Path, "lost"));
        sink.OnStart(Config, Names, (8, 1));
        sink.OnStep(new StepRecord(9, 2, 0.5, [0.01, 0.001]));

        Assert.Equal(["step,epoch,loss,L1.alpha,L2.alpha", "9,2,0.5,0.01,0.001"], ReadShared(sink.StepsPath));
    }

    [Fact]
    public void RecordsBeforeTheStartAreRefused()
    {
        using var folder = new TempFolder();
        using var sink = new CsvRecordSink(folder.Path);

        Assert.Throws<InvalidOperationException>(() => sink.OnStep(new StepRecord(1, 1, 0.5, [])));
    }

    private static double D(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    // An earlier attempt's files: steps 1..steps (8 an epoch) and epochs 0..epochs.
    private static void Write(string folder, int steps, int epochs)
    {
        using var sink = new CsvRecordSink(folder);
        sink.OnStart(Config, Names, null);
        for (var s = 1; s <= steps; s++)
        {
            sink.OnStep(new StepRecord(s, ((s - 1) / 8) + 1, 1.0 / s, [0.01, 0.001]));
        }

        for (var e = 0; e <= epochs; e++)
        {
            sink.OnEpoch(new EpochRecord(e, 8 * e, 1.0, 1.0, 0.5, [0.01, 0.001], e, 100));
        }
    }

    // Read while the sink may still hold the file open for writing.
    private static string[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
