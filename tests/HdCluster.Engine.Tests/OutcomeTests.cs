namespace HdCluster.Engine.Tests;

/// <summary>Cells that do not simply complete: one that diverges (a result), one that throws (retried, then
/// failed), and one whose wall-clock budget runs out (a finished cell).</summary>
public sealed class OutcomeTests : IDisposable
{
    // A step this large overflows float32 in the first update, so the second step's loss is not finite. (Even
    // sgd_hd with a huge beta does not get there: within a few steps its learning rate levels off.)
    private const string Diverging = "{optimizer: \"sgd(lr=1e36)\"}";

    // Passes every check of the sweep file (each setting is valid alone) but cannot train: the char-LSTM
    // needs a character data set.
    private const string Throwing = "{model: char_lstm, dataset: mnist, optimizer: \"sgd(0.01)\"}";

    private readonly TempFolder folder = new();

    [Fact]
    public async Task ADivergingCellIsWrittenAsDivergedOnceAndNotRetried()
    {
        var sweep = Sweeps.Tiny(folder, "diverge", Diverging, "{optimizer: \"sgd(0.01)\"}");
        var diverging = sweep.Cells[0].Id;

        var run = await SweepRuns.RunAsync(sweep, folder.Path);

        Assert.Equal((1, 1, 0), (run.Summary.Completed, run.Summary.Diverged, run.Summary.Failed));
        Assert.Single(run.Observer.CellsStarted, s => s.CellId == diverging);
        var files = new ParquetReader(run.Summary.ResultsFolder);
        var row = files.Query($"SELECT status, diverged_at_step, diverged_quantity, attempts, error FROM {{cells}} WHERE cell_id = '{diverging}'").Rows.Single();
        Assert.Equal("diverged", row[0]);
        Assert.Equal(2L, row[1]);
        Assert.Equal("loss", row[2]);
        Assert.Equal(1L, row[3]);
        Assert.Null(row[4]);
    }

    [Fact]
    public async Task ADivergedCellIsSkippedOnRerun()
    {
        var sweep = Sweeps.Tiny(folder, "diverge-rerun", Diverging);
        await SweepRuns.RunAsync(sweep, folder.Path);

        var rerun = await SweepRuns.RunAsync(sweep, folder.Path);

        Assert.Equal(1, rerun.Observer.Started!.Value.AlreadyDone);
        Assert.Empty(rerun.Observer.CellsStarted);
    }

    [Fact]
    public async Task AThrowingCellIsTriedMaxAttemptsTimesThenWrittenAsFailedWithItsError()
    {
        var sweep = Sweeps.Tiny(folder, "fail", [Throwing, .. Sweeps.Seeds(2)]);
        var throwing = sweep.Cells[0].Id;

        var run = await SweepRuns.RunAsync(sweep, folder.Path, slots: 2, maxAttempts: 3);

        Assert.Equal((2, 0, 1, 0, false), (run.Summary.Completed, run.Summary.Diverged, run.Summary.Failed, run.Summary.NotRun, run.Summary.Stopped));
        Assert.Equal([1, 2, 3], run.Observer.CellsStarted.Where(s => s.CellId == throwing).Select(s => s.Attempt));
        Assert.Equal(["retrying", "retrying", "failed"], run.Observer.CellsFinished.Where(f => f.CellId == throwing).Select(f => f.Status));
        var files = new ParquetReader(run.Summary.ResultsFolder);
        var row = files.Query($"SELECT status, attempts, error, final_valid_loss, steps_done FROM {{cells}} WHERE cell_id = '{throwing}'").Rows.Single();
        Assert.Equal(("failed", 3L), (row[0], row[1]));
        Assert.Contains("char_lstm needs a character data set", Assert.IsType<string>(row[2]), StringComparison.Ordinal);
        Assert.Null(row[3]);
        Assert.Null(row[4]);
        Assert.Equal(["completed", "completed", "failed"], files.Column<string>("SELECT status FROM {cells} ORDER BY status"));
        Assert.Equal(0, files.Count($"SELECT count(*) FROM {{curves}} WHERE cell_id = '{throwing}'"));
    }

    [Fact]
    public async Task AFailedCellIsTriedAgainOnRerunAndStillWrittenOnce()
    {
        var sweep = Sweeps.Tiny(folder, "fail-rerun", [Throwing, .. Sweeps.Seeds(1)]);
        var throwing = sweep.Cells[0].Id;
        await SweepRuns.RunAsync(sweep, folder.Path, maxAttempts: 1);

        var rerun = await SweepRuns.RunAsync(sweep, folder.Path, maxAttempts: 1);

        Assert.Equal(1, rerun.Observer.Started!.Value.AlreadyDone);
        Assert.Equal([throwing], rerun.Observer.CellsStarted.Select(s => s.CellId));
        var files = new ParquetReader(rerun.Summary.ResultsFolder);
        Assert.Equal(1, files.Count($"SELECT count(*) FROM {{cells}} WHERE cell_id = '{throwing}' AND status = 'failed'"));
        Assert.Equal(2, files.Count("SELECT count(*) FROM {cells}"));
    }

    [Fact]
    public async Task ACellWhoseWallClockBudgetRunsOutIsAFinishedCell()
    {
        // The trainer ends such a run as Cancelled, the same status a stop request gives; the engine must not
        // mistake it for an interrupted cell, or the cell would never be written and rerun forever.
        var sweep = Sweeps.Tiny(folder, "wall", "{optimizer: \"sgd(0.01)\", epochs: null, wall_seconds: 0.5}");

        var run = await SweepRuns.RunAsync(sweep, folder.Path);

        Assert.Equal((1, 0, false), (run.Summary.Completed, run.Summary.NotRun, run.Summary.Stopped));
        var files = new ParquetReader(run.Summary.ResultsFolder);
        var row = files.Query("SELECT status, wall_seconds_budget, steps_done FROM {cells}").Rows.Single();
        Assert.Equal(("completed", 0.5), (row[0], row[1]));
        Assert.True((long)row[2]! > 0);
        var rerun = await SweepRuns.RunAsync(sweep, folder.Path);
        Assert.Empty(rerun.Observer.CellsStarted);
    }

    public void Dispose() => folder.Dispose();
}
