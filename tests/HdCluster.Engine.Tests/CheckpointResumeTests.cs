using System.Globalization;
using HdCluster.Engine.Workers;

namespace HdCluster.Engine.Tests;

/// <summary>
/// A cell trained alone keeps an epoch checkpoint under its results folder; a run killed mid-cell and run again
/// resumes the cell at that epoch instead of from scratch, writes the same numbers as a run never interrupted, and
/// removes the checkpoint once the cell's row is written.
/// </summary>
public sealed class CheckpointResumeTests : IDisposable
{
    /// <summary>One MLP cell of 6 epochs of 16 steps, a step record every 4 steps.</summary>
    private const string Yaml = """
        name: resume
        fixed:
          model: mlp
          hidden: [256]
          epochs: 6
          train_limit: 2000
          valid_limit: 500
          record_every: 4
          optimizer: "sgd_hd(lr=0.01, beta=0.001)"
        """;

    private readonly TempFolder folder = new();

    [Fact]
    public async Task AKilledCellResumesAtItsLastEpochAndWritesTheNumbersOfAnUninterruptedRun()
    {
        var file = Sweeps.Write(folder, Yaml, "resume.yaml");
        var cell = Sweeps.Load(folder, Yaml, "again.yaml").Cells.Single().Id;
        var killedRoot = folder.Sub("killed");
        var cellFolder = CheckpointFolder.OfCell(CheckpointFolder.OfSweep(killedRoot, "resume"), cell);
        using (var killed = HdcProcess.Start(folder.Path, "run", file, "--out", killedRoot))
        {
            await killed.WaitUntilAsync(() => File.Exists(CheckpointFolder.Model(cellFolder)), "an epoch checkpoint");
            killed.Kill();
            await killed.WaitAsync(TimeSpan.FromSeconds(30));
        }

        var resumed = await HdcProcess.RunAsync(folder.Path, "run", file, "--out", killedRoot);
        var uninterrupted = await HdcProcess.RunAsync(folder.Path, "run", file, "--out", folder.Sub("whole"));

        Assert.True(resumed.ExitCode == 0, resumed.Describe());
        Assert.True(uninterrupted.ExitCode == 0, uninterrupted.Describe());
        var log = File.ReadAllText(Path.Combine(killedRoot, "resume", "log.jsonl"));
        Assert.Contains("resumed from its checkpoint after epoch", log, StringComparison.Ordinal);
        Assert.False(Directory.Exists(cellFolder), "the checkpoint goes once the row is written");

        var after = new ParquetReader(Path.Combine(killedRoot, "resume"));
        var whole = new ParquetReader(folder.Sub("whole", "resume"));
        const string Outcome = "SELECT final_train_loss, final_valid_loss, final_valid_accuracy, steps_done, epochs_done, \"L1.lr\" FROM {cells}";
        Assert.Equal(Row(whole.Query(Outcome).Rows.Single()), Row(after.Query(Outcome).Rows.Single()));
        const string Curves = "SELECT kind, step, epoch, loss, valid_loss, valid_accuracy, \"L1.lr\" FROM {curves} ORDER BY kind, step";
        Assert.Equal(whole.Query(Curves).Rows.Select(Row), after.Query(Curves).Rows.Select(Row));
        Assert.Equal(4 * 6 + 7, after.Count("SELECT count(*) FROM {curves}"));
    }

    public void Dispose() => folder.Dispose();

    // Doubles written round-trip, so equal strings are equal numbers.
    private static string Row(IReadOnlyList<object?> row) => string.Join("|", row.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)));
}
