namespace HdCluster.Engine.Tests;

/// <summary>A sweep run again into the same results folder trains only what is not done yet.</summary>
public sealed class ResumeTests : IDisposable
{
    private readonly TempFolder folder = new();

    [Fact]
    public async Task ARerunSkipsEveryFinishedCellAndTrainsNothing()
    {
        var sweep = Sweeps.Tiny(folder, "rerun", Sweeps.Seeds(4));
        var first = await SweepRuns.RunAsync(sweep, folder.Path);
        var files = new ParquetReader(first.Summary.ResultsFolder);
        var attempts = files.Column<string>("SELECT attempt FROM {cells} ORDER BY cell_id");

        var second = await SweepRuns.RunAsync(sweep, folder.Path);

        Assert.Equal((4, 4), (second.Observer.Started!.Value.Total, second.Observer.Started.Value.AlreadyDone));
        Assert.Empty(second.Observer.CellsStarted);
        Assert.Equal((4, 4, 0, 0, false), (second.Summary.Total, second.Summary.Skipped, second.Summary.Completed, second.Summary.NotRun, second.Summary.Stopped));
        Assert.Equal(4, files.Count("SELECT count(*) FROM {cells}"));
        Assert.Equal(4 * (8 + 2), files.Count("SELECT count(*) FROM {curves}"));
        Assert.Equal(attempts, files.Column<string>("SELECT attempt FROM {cells} ORDER BY cell_id"));
    }

    [Fact]
    public async Task ASweepWithOneMoreCellTrainsOnlyThatCell()
    {
        var three = Sweeps.Tiny(folder, "grow", Sweeps.Seeds(3));
        var four = Sweeps.Tiny(folder, "grow", Sweeps.Seeds(4));
        var added = four.Cells.Select(c => c.Id).Except(three.Cells.Select(c => c.Id)).Single();
        await SweepRuns.RunAsync(three, folder.Path);

        var second = await SweepRuns.RunAsync(four, folder.Path);

        Assert.Equal((4, 3), (second.Observer.Started!.Value.Total, second.Observer.Started.Value.AlreadyDone));
        Assert.Equal([added], second.Observer.CellsStarted.Select(s => s.CellId));
        Assert.Equal((3, 1), (second.Summary.Skipped, second.Summary.Completed));
        var files = new ParquetReader(second.Summary.ResultsFolder);
        Assert.Equal(four.Cells.Select(c => c.Id).Order(StringComparer.Ordinal), files.CellIds());
        Assert.Equal(4 * (8 + 2), files.Count("SELECT count(*) FROM {curves}"));
    }

    public void Dispose() => folder.Dispose();
}
