using HdCluster.Engine.Status;

namespace HdCluster.Engine.Tests;

/// <summary>
/// <c>hdc run</c> as a real process, ended from outside while cells are training: killed outright (SIGKILL, as
/// a crash, an OOM kill or a lost machine would), or interrupted with Ctrl-C. Six cells of about a second each;
/// the process is stopped as soon as the first cell's row is on disk. One slot (one fused group at a time), so that
/// work is left when it stops: with two, both groups of three can finish in the same moment.
/// </summary>
public sealed class InterruptionTests : IDisposable
{
    /// <summary>16 steps an epoch, 32 in all, a step record every 4: 8 step and 3 epoch records a cell.</summary>
    private const string Yaml = """
        name: crash
        fixed:
          model: mlp
          hidden: [512]
          epochs: 2
          train_limit: 2000
          valid_limit: 500
          record_every: 4
          optimizer: "sgd(0.01)"
        grid:
          seed: [1, 2, 3, 4, 5, 6]
        """;

    private readonly TempFolder folder = new();
    private readonly string file;
    private readonly string results;
    private readonly string sweepFolder;

    public InterruptionTests()
    {
        file = Sweeps.Write(folder, Yaml, "crash.yaml");
        results = folder.Sub("results");
        sweepFolder = Path.Combine(results, "crash");
    }

    [Fact]
    public async Task AKilledRunResumesAndEveryCellEndsUpWrittenExactlyOnce()
    {
        using (var killed = HdcProcess.Start(folder.Path, "run", file, "--out", results, "--slots", "1"))
        {
            await killed.WaitUntilAsync(() => CellParts() >= 1, "finished cell");
            killed.Kill();
            await killed.WaitAsync(TimeSpan.FromSeconds(30));
        }

        Assert.InRange(CellParts(), 1, 5);
        Assert.False(SweepStatus.Read(sweepFolder)!.WriterAlive(), "the killed run's status must not look live");

        var rerun = await HdcProcess.RunAsync(folder.Path, "run", file, "--out", results);

        Assert.True(rerun.ExitCode == 0, rerun.Describe());
        var status = SweepStatus.Read(sweepFolder)!;
        Assert.True(status.Finished);
        Assert.InRange(status.SkippedAsDone, 1, 5);
        Assert.Equal(6 - status.SkippedAsDone, status.Completed);

        var files = new ParquetReader(sweepFolder);
        Assert.Equal(6, files.Count("SELECT count(*) FROM {cells}"));
        Assert.Empty(files.Query("SELECT cell_id, count(*) FROM {cells} GROUP BY cell_id HAVING count(*) > 1").Rows);
        Assert.Equal(Sweeps.Load(folder, Yaml, "again.yaml").Cells.Select(c => c.Id).Order(StringComparer.Ordinal), files.CellIds());
        Assert.Equal(["completed"], files.Column<string>("SELECT DISTINCT status FROM {cells}"));

        // Curves: one attempt per cell, the one its row names, complete.
        Assert.Empty(files.Query("SELECT cell_id FROM {curves} GROUP BY cell_id HAVING count(DISTINCT attempt) <> 1").Rows);
        Assert.Equal(0, files.Count("SELECT count(*) FROM {curves} AS k JOIN {cells} AS c USING (cell_id) WHERE k.attempt <> c.attempt"));
        Assert.Equal(6 * (8 + 3), files.Count("SELECT count(*) FROM {curves}"));
    }

    [Fact]
    public async Task CtrlCStopsTheRunCleanlyKeepsFinishedCellsAndSaysHowToResume()
    {
        using var interrupted = HdcProcess.Start(folder.Path, "run", file, "--out", results, "--slots", "1");
        await interrupted.WaitUntilAsync(() => CellParts() >= 1, "finished cell");

        interrupted.Interrupt();
        var code = await interrupted.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(code == 130, interrupted.Describe());
        Assert.Contains($"hdc run {file} --out {results}", interrupted.Text, StringComparison.Ordinal);
        var status = SweepStatus.Read(sweepFolder)!;
        Assert.True(status.Finished, "a clean stop publishes its final status");
        Assert.Empty(status.Running);
        Assert.InRange(status.Completed, 1, 5);

        // Only finished cells are written, and they were merged on the way out.
        var files = new ParquetReader(sweepFolder);
        Assert.Equal(status.Completed, files.Count("SELECT count(*) FROM {cells}"));
        Assert.Equal(status.Completed * (8 + 3), files.Count("SELECT count(*) FROM {curves}"));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(sweepFolder, "parts"), "*.parquet"));
    }

    public void Dispose() => folder.Dispose();

    private int CellParts()
    {
        var parts = Path.Combine(sweepFolder, "parts");
        return Directory.Exists(parts) ? Directory.EnumerateFiles(parts, "cells-*.parquet").Count() : 0;
    }
}
