namespace HdCluster.Results.Tests;

public sealed class ColumnGrowthTests
{
    [Fact]
    public void A_later_part_may_add_a_column_and_earlier_rows_read_it_as_null()
    {
        using var temp = new TempFolder();
        using var store = new ResultsStore(temp.Path);
        store.AppendCells(Tables.CellRows(("c1", "a1", 0.1)));
        var withWarmup = Tables.Cells(new ResultColumn("warmup_steps", ColumnType.BigInt));
        withWarmup.AddRow("c2", "a1", 0.2, 64L, false, Tables.Finished, "adam", 500L);

        store.AppendCells(withWarmup);

        var result = store.Query("SELECT cell_id, warmup_steps FROM cells ORDER BY cell_id");
        Assert.Equal(["c1", null], result.Rows[0]);
        Assert.Equal(["c2", 500L], result.Rows[1]);
    }

    [Fact]
    public void Grown_columns_survive_compaction()
    {
        using var temp = new TempFolder();
        using var store = new ResultsStore(temp.Path);
        store.AppendCells(Tables.CellRows(("c1", "a1", 0.1)));
        var withWarmup = Tables.Cells(new ResultColumn("warmup_steps", ColumnType.BigInt));
        withWarmup.AddRow("c2", "a1", 0.2, 64L, false, Tables.Finished, "adam", 500L);
        store.AppendCells(withWarmup);

        store.Compact();

        Assert.Empty(store.PartFiles("cells"));
        Assert.Equal(500L, store.Query("SELECT warmup_steps FROM cells WHERE cell_id = 'c2'").Rows.Single()[0]);
        Assert.Null(store.Query("SELECT warmup_steps FROM cells WHERE cell_id = 'c1'").Rows.Single()[0]);
    }
}
