namespace HdCluster.Results.Tests;

public sealed class DedupTests
{
    [Fact]
    public void The_last_written_row_of_a_cell_wins()
    {
        using var temp = new TempFolder();
        using var store = new ResultsStore(temp.Path);
        store.AppendCells(Tables.CellRows(("c1", "first", 0.1), ("c2", "first", 0.2)));

        store.AppendCells(Tables.CellRows(("c1", "rerun", 0.3)));

        var result = store.Query("SELECT cell_id, attempt, lr FROM cells ORDER BY cell_id");
        Assert.Equal(2, result.Rows.Count);
        Assert.Equal(["c1", "rerun", 0.3], result.Rows[0]);
        Assert.Equal(["c2", "first", 0.2], result.Rows[1]);
    }

    [Fact]
    public void A_cells_curves_come_only_from_the_winning_attempt()
    {
        using var temp = new TempFolder();
        using var store = new ResultsStore(temp.Path);
        store.AppendCurves(Tables.CurveRows("c1", "first", 5, lossBase: 9));
        store.AppendCells(Tables.CellRows(("c1", "first", 0.1)));
        store.AppendCurves(Tables.CurveRows("c1", "rerun", 3, lossBase: 1));
        store.AppendCells(Tables.CellRows(("c1", "rerun", 0.1)));

        var attempts = store.Query("SELECT DISTINCT attempt FROM curves").Rows.Select(r => r[0]);

        Assert.Equal(["rerun"], attempts);
        Assert.Equal(3, store.Scalar("SELECT count(*) FROM curves"));
    }

    [Fact]
    public void A_running_cell_shows_the_curves_of_its_latest_attempt()
    {
        using var temp = new TempFolder();
        using var store = new ResultsStore(temp.Path);
        store.AppendCurves(Tables.CurveRows("c1", "crashed", 5));
        store.AppendCurves(Tables.CurveRows("c1", "running", 2));

        Assert.Equal(["running"], store.Query("SELECT DISTINCT attempt FROM curves").Rows.Select(r => r[0]));
    }

    [Fact]
    public void Curves_appended_in_several_batches_by_one_attempt_all_count()
    {
        using var temp = new TempFolder();
        using var store = new ResultsStore(temp.Path);
        store.AppendCurves(Tables.CurveRows("c1", "a1", 4));
        var more = Tables.Curves();
        more.AddRow("c1", "a1", 4L, 0.1).AddRow("c1", "a1", 5L, 0.05);
        store.AppendCurves(more);
        store.AppendCells(Tables.CellRows(("c1", "a1", 0.1)));

        Assert.Equal(6, store.Scalar("SELECT count(*) FROM curves"));
        store.Compact();
        Assert.Equal(6, store.Scalar("SELECT count(*) FROM curves"));
    }

    [Fact]
    public void Completed_cell_ids_cover_parts_and_the_merged_file()
    {
        using var temp = new TempFolder();
        using var store = new ResultsStore(temp.Path);
        store.AppendCells(Tables.CellRows(("c1", "a1", 0.1), ("c2", "a1", 0.2)));
        store.Compact();
        store.AppendCells(Tables.CellRows(("c3", "a1", 0.3), ("c1", "a2", 0.1)));
        store.AppendCurves(Tables.CurveRows("c4", "a1", 2));

        Assert.Equal(["c1", "c2", "c3"], store.CompletedCellIds().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Finished_cell_ids_are_the_completed_and_diverged_cells_by_their_winning_row()
    {
        using var temp = new TempFolder();
        using var store = new ResultsStore(temp.Path);
        Assert.Empty(store.FinishedCellIds());
        var status = new ResultColumn("status", ColumnType.Varchar);
        var first = Tables.Cells(status);
        first.AddRow("done", "a1", 0.1, 32L, false, Tables.Finished, "adam", "completed")
            .AddRow("blew-up", "a1", 0.1, 32L, true, Tables.Finished, "adam", "diverged")
            .AddRow("gave-up", "a1", 0.1, 32L, false, Tables.Finished, "adam", "failed")
            .AddRow("retried", "a1", 0.1, 32L, false, Tables.Finished, "adam", "failed");
        store.AppendCells(first);
        var rerun = Tables.Cells(status);
        rerun.AddRow("retried", "a2", 0.1, 32L, false, Tables.Finished, "adam", "completed");
        store.AppendCells(rerun);

        Assert.Equal(["blew-up", "done", "retried"], store.FinishedCellIds().Order(StringComparer.Ordinal));
        Assert.Equal(4, store.CompletedCellIds().Count);
    }
}
