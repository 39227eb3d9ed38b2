namespace HdCluster.Results.Tests;

public sealed class CompactionTests
{
    private static ResultsStore Populated(TempFolder temp)
    {
        var store = new ResultsStore(temp.Path);
        store.AppendCurves(Tables.CurveRows("c1", "first", 5, lossBase: 9));
        store.AppendCells(Tables.CellRows(("c1", "first", 0.1), ("c2", "first", 0.2)));
        store.AppendCurves(Tables.CurveRows("c2", "first", 4));
        store.AppendCurves(Tables.CurveRows("c1", "rerun", 3));
        store.AppendCells(Tables.CellRows(("c1", "rerun", 0.3)));
        return store;
    }

    private static string Snapshot(ResultsStore store) => string.Join(
        "\n",
        store.Query("SELECT * FROM cells ORDER BY cell_id").Rows.Select(r => string.Join(",", r))
            .Concat(store.Query("SELECT * FROM curves ORDER BY cell_id, step").Rows.Select(r => string.Join(",", r))));

    [Fact]
    public void Compaction_merges_parts_into_one_file_per_table_without_changing_what_readers_see()
    {
        using var temp = new TempFolder();
        using var store = Populated(temp);
        var before = Snapshot(store);

        store.Compact();

        Assert.Equal(before, Snapshot(store));
        Assert.Empty(store.PartFiles("cells"));
        Assert.Empty(store.PartFiles("curves"));
        Assert.True(File.Exists(Path.Combine(temp.Path, "cells.parquet")));
        Assert.True(File.Exists(Path.Combine(temp.Path, "curves.parquet")));
    }

    [Fact]
    public void Compaction_drops_superseded_rows_from_the_merged_files()
    {
        using var temp = new TempFolder();
        using var store = Populated(temp);

        store.Compact();

        var cellsPath = Path.Combine(temp.Path, "cells.parquet").Replace("'", "''", StringComparison.Ordinal);
        var curvesPath = Path.Combine(temp.Path, "curves.parquet").Replace("'", "''", StringComparison.Ordinal);
        Assert.Equal(2, store.Scalar($"SELECT count(*) FROM read_parquet('{cellsPath}')"));
        Assert.Equal(3 + 4, store.Scalar($"SELECT count(*) FROM read_parquet('{curvesPath}')"));
    }

    [Fact]
    public void Compacting_again_changes_nothing()
    {
        using var temp = new TempFolder();
        using var store = Populated(temp);
        store.Compact();
        var merged = Path.Combine(temp.Path, "curves.parquet");
        var writtenAt = File.GetLastWriteTimeUtc(merged);
        var before = Snapshot(store);

        store.Compact();
        store.Compact();

        Assert.Equal(before, Snapshot(store));
        Assert.Equal(writtenAt, File.GetLastWriteTimeUtc(merged));
    }

    [Fact]
    public void New_parts_after_a_compaction_merge_with_the_merged_file()
    {
        using var temp = new TempFolder();
        using var store = Populated(temp);
        store.Compact();
        store.AppendCells(Tables.CellRows(("c2", "second", 0.5), ("c3", "first", 0.6)));
        var before = Snapshot(store);

        store.Compact();

        Assert.Equal(before, Snapshot(store));
        Assert.Equal(["first", "rerun", "second"], store.Query("SELECT attempt FROM cells ORDER BY cell_id").Rows.Select(r => r[0]).Order());
    }

    [Fact]
    public void Curves_of_an_attempt_that_died_before_its_row_are_dropped_once_a_later_attempt_wins()
    {
        using var temp = new TempFolder();
        using var store = new ResultsStore(temp.Path);

        // "killed": curves written, then the process died before the cell row; "rerun" then wrote both.
        store.AppendCurves(Tables.CurveRows("c1", "killed", 3));
        store.AppendCurves(Tables.CurveRows("c1", "rerun", 2));
        store.AppendCells(Tables.CellRows(("c1", "rerun", 0.3)));
        store.Compact();

        using var raw = new ResultsStore(temp.Path);
        var path = Path.Combine(temp.Path, "curves.parquet").Replace("'", "''", StringComparison.Ordinal);
        Assert.Equal(["rerun"], raw.Query($"SELECT DISTINCT attempt FROM read_parquet('{path}')").Rows.Select(r => r[0]));
        Assert.Equal(2, raw.Scalar($"SELECT count(*) FROM read_parquet('{path}')"));
    }

    [Fact]
    public void Curves_of_an_attempt_still_running_survive_compaction_and_show_when_it_wins()
    {
        using var temp = new TempFolder();
        using var store = Populated(temp);

        // c1 has a winning row ("rerun"); a forced third run streams curves, then compaction runs.
        store.AppendCurves(Tables.CurveRows("c1", "third", 2));
        store.Compact();
        Assert.Equal(["rerun"], store.Query("SELECT DISTINCT attempt FROM curves WHERE cell_id = 'c1'").Rows.Select(r => r[0]));

        store.AppendCells(Tables.CellRows(("c1", "third", 0.9)));

        Assert.Equal(2, store.Scalar("SELECT count(*) FROM curves WHERE cell_id = 'c1' AND attempt = 'third'"));
        Assert.Equal(0, store.Scalar("SELECT count(*) FROM curves WHERE cell_id = 'c1' AND attempt <> 'third'"));
    }

    [Fact]
    public void A_second_compaction_at_the_same_time_is_refused_rather_than_racing()
    {
        using var temp = new TempFolder();
        using var store = Populated(temp);
        var parts = store.PartFiles("curves");
        using var otherCompaction = new FileStream(Path.Combine(temp.Path, ".compact.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

        var error = Assert.Throws<ResultsStoreException>(store.Compact);

        Assert.Contains("Another process is compacting", error.Message);
        Assert.Equal(parts, store.PartFiles("curves"));
    }
}
