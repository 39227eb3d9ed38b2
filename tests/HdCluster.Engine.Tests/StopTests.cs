namespace HdCluster.Engine.Tests;

/// <summary>A sweep stopped before its end, from outside (cancellation) or by itself (its data is missing),
/// keeps every finished cell, writes nothing for the cells it cut short, and a rerun finishes the rest.</summary>
public sealed class StopTests : IDisposable
{
    private readonly TempFolder folder = new();

    [Fact]
    public async Task CancellingAfterTheFirstFinishedCellStopsCleanlyAndARerunFinishesEachCellOnce()
    {
        // Unfused, so that cells end one at a time (a fused group's cells end together: see FusedSweepTests).
        var sweep = Sweeps.Load(folder, Sweeps.TinyYaml("cancel", Sweeps.Seeds(6)) + "fuse: off\n");

        var stopped = await SweepRuns.RunAsync(sweep, folder.Path, arrange: (observer, cancellation) =>
            observer.Finished += (_, status) =>
            {
                if (status == "completed")
                {
                    cancellation.Cancel();
                }
            });

        var completed = stopped.Observer.FinishedWith("completed");
        Assert.True(stopped.Summary.Stopped);
        Assert.Null(stopped.Summary.Fault);
        Assert.InRange(completed.Count, 1, 5);
        Assert.Equal((completed.Count, 6 - completed.Count), (stopped.Summary.Completed, stopped.Summary.NotRun));
        var files = new ParquetReader(stopped.Summary.ResultsFolder);
        Assert.Equal(completed.Order(StringComparer.Ordinal), files.CellIds());

        // A cell cut short leaves no curves either.
        Assert.Equal(completed.Count, files.Count("SELECT count(DISTINCT cell_id) FROM {curves}"));

        var rerun = await SweepRuns.RunAsync(sweep, folder.Path);

        Assert.Equal(completed.Count, rerun.Observer.Started!.Value.AlreadyDone);
        Assert.Equal(sweep.Cells.Select(c => c.Id).Except(completed).Order(StringComparer.Ordinal), rerun.Observer.CellsStarted.Select(s => s.CellId).Order(StringComparer.Ordinal));
        Assert.Equal(sweep.Cells.Select(c => c.Id).Order(StringComparer.Ordinal), files.CellIds());
        Assert.Empty(files.Query("SELECT cell_id FROM {curves} GROUP BY cell_id HAVING count(DISTINCT attempt) > 1").Rows);
        Assert.Equal(6 * (8 + 2), files.Count("SELECT count(*) FROM {curves}"));
    }

    [Fact]
    public async Task AMissingDataSetStopsTheSweepAtOnceWithoutFailingCellsAndKeepsWhatIsDone()
    {
        var two = Sweeps.Tiny(folder, "data", Sweeps.Seeds(2));
        var five = Sweeps.Tiny(folder, "data", Sweeps.Seeds(5));
        await SweepRuns.RunAsync(two, folder.Path);
        var empty = folder.Sub("no-data");
        Directory.CreateDirectory(empty);

        var missing = await SweepRuns.RunAsync(five, folder.Path, slots: 2, dataRoot: empty);

        Assert.True(missing.Summary.Stopped);
        Assert.Contains(Path.Combine(empty, "mnist", "train-images-idx3-ubyte.gz"), missing.Summary.Fault, StringComparison.Ordinal);
        Assert.Contains("no such file", missing.Summary.Fault, StringComparison.Ordinal);
        Assert.Equal((2, 0, 0, 3), (missing.Summary.Skipped, missing.Summary.Completed, missing.Summary.Failed, missing.Summary.NotRun));

        // Not retried, and nothing more handed out once the first assignment (here the three cells left, as one
        // fused group) found the data missing.
        Assert.InRange(missing.Observer.Assignments, 1, 2);
        Assert.All(missing.Observer.CellsStarted, s => Assert.Equal(1, s.Attempt));
        var files = new ParquetReader(missing.Summary.ResultsFolder);
        Assert.Equal(two.Cells.Select(c => c.Id).Order(StringComparer.Ordinal), files.CellIds());

        var fixedData = await SweepRuns.RunAsync(five, folder.Path);

        Assert.Equal((2, 3, false), (fixedData.Summary.Skipped, fixedData.Summary.Completed, fixedData.Summary.Stopped));
        Assert.Equal(five.Cells.Select(c => c.Id).Order(StringComparer.Ordinal), files.CellIds());
    }

    public void Dispose() => folder.Dispose();
}
