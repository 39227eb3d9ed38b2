using System.Globalization;
using HdCluster.Experiments;

namespace HdCluster.Training;

/// <summary>
/// Writes a cell's records as <c>steps.csv</c> and <c>epochs.csv</c> in a folder (the sweep engine turns the
/// same records into Parquet). Rows are flushed as they come, so an interrupted run keeps what it had.
/// </summary>
public sealed class CsvRecordSink(string folder) : IRecordSink, IDisposable
{
    private StreamWriter? steps;
    private StreamWriter? epochs;
    private IReadOnlyList<string> names = [];

    public string StepsPath => Path.Combine(folder, "steps.csv");

    public string EpochsPath => Path.Combine(folder, "epochs.csv");

    public void OnStart(CellConfig config, IReadOnlyList<string> hyperparameterNames, (long Step, int Epoch)? resumedAt)
    {
        Directory.CreateDirectory(folder);
        names = hyperparameterNames;
        if (resumedAt is { } at)
        {
            Truncate(StepsPath, first => long.TryParse(first, CultureInfo.InvariantCulture, out var step) && step <= at.Step);
            Truncate(EpochsPath, first => int.TryParse(first, CultureInfo.InvariantCulture, out var epoch) && epoch <= at.Epoch);
        }

        steps = Open(StepsPath, "step,epoch,loss" + Suffix(), append: resumedAt is not null);
        epochs = Open(EpochsPath, "epoch,step,train_loss,valid_loss,valid_accuracy" + Suffix() + ",wall_seconds,examples_per_second", append: resumedAt is not null);
    }

    public void OnStep(StepRecord r) =>
        Write(steps, $"{r.Step},{r.Epoch},{F(r.Loss)}{Values(r.Hyperparameters)}");

    public void OnEpoch(EpochRecord r) =>
        Write(epochs, $"{r.Epoch},{r.Step},{F(r.TrainLoss)},{F(r.ValidLoss)},{F(r.ValidAccuracy)}{Values(r.Hyperparameters)},{F(r.WallSeconds)},{F(r.ExamplesPerSecond)}");

    public void OnCompleted(CellResult result) => Dispose();

    public void Dispose()
    {
        steps?.Dispose();
        epochs?.Dispose();
        steps = epochs = null;
    }

    private string Suffix() => names.Count == 0 ? "" : "," + string.Join(",", names);

    private static string Values(IReadOnlyList<double> values) => values.Count == 0 ? "" : "," + string.Join(",", values.Select(F));

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static StreamWriter Open(string path, string header, bool append)
    {
        if (append && File.Exists(path) && new FileInfo(path).Length > 0)
        {
            return new StreamWriter(path, append: true);
        }

        var writer = new StreamWriter(path, append: false);
        writer.WriteLine(header);
        writer.Flush();
        return writer;
    }

    private static void Write(StreamWriter? writer, string line)
    {
        if (writer is null)
        {
            throw new InvalidOperationException("the sink has not been started");
        }

        writer.WriteLine(line);
        writer.Flush();
    }

    // Keeps the header and the rows whose first field passes. Text after the last line break is a row the lost
    // attempt was writing when it died: it is dropped, or the resumed rows would be glued onto it.
    private static void Truncate(string path, Func<string, bool> keep)
    {
        if (!File.Exists(path))
        {
            return;
        }

        var lines = File.ReadAllText(path).Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        if (lines.Length < 2)
        {
            File.Delete(path);
            return;
        }

        var rows = lines[1..^1].Where(l => keep(l.Split(',')[0]));
        File.WriteAllLines(path, rows.Prepend(lines[0]));
    }
}
