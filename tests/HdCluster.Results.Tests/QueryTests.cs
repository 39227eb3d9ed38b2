namespace HdCluster.Results.Tests;

public sealed class QueryTests
{
    private static ResultsStore Populated(TempFolder temp)
    {
        var store = new ResultsStore(temp.Path);
        store.AppendCells(Tables.CellRows(("c1", "a1", 0.1), ("c2", "a1", 0.01)));
        store.AppendCurves(Tables.CurveRows("c1", "a1", 10, lossBase: 2.0));
        store.AppendCurves(Tables.CurveRows("c2", "a1", 20, lossBase: 1.0));
        return store;
    }

    [Fact]
    public void Cells_and_curves_join_into_a_typed_table()
    {
        using var temp = new TempFolder();
        using var store = Populated(temp);

        var result = store.Query("""
            SELECT c.cell_id, c.lr, min(k.loss) AS best_loss, count(*) AS steps
            FROM cells c JOIN curves k USING (cell_id)
            GROUP BY ALL ORDER BY best_loss
            """);

        Assert.Equal(["cell_id", "lr", "best_loss", "steps"], result.Columns.Select(c => c.Name));
        Assert.Equal([typeof(string), typeof(double), typeof(double), typeof(long)], result.Columns.Select(c => c.ClrType));
        Assert.Equal(["c2", 0.01, 1.0 - 0.019, 20L], result.Rows[0]);
        Assert.Equal(["c1", 0.1, 2.0 - 0.009, 10L], result.Rows[1]);
    }

    [Fact]
    public void Parameters_bind_positionally()
    {
        using var temp = new TempFolder();
        using var store = Populated(temp);

        Assert.Equal(5, store.Scalar("SELECT count(*) FROM curves WHERE cell_id = $1 AND step < $2", "c1", 5));
    }

    [Fact]
    public void Describe_lists_the_columns_a_reader_can_use()
    {
        using var temp = new TempFolder();
        using var store = Populated(temp);

        var names = store.Query("DESCRIBE curves").Rows.Select(r => r[0]);

        Assert.Equal(["cell_id", "attempt", "step", "loss"], names);
    }

    [Fact]
    public void Queries_see_merged_files_and_parts_together()
    {
        using var temp = new TempFolder();
        using var store = Populated(temp);
        store.Compact();
        store.AppendCurves(Tables.CurveRows("c3", "a1", 7));

        Assert.Equal(10 + 20 + 7, store.Scalar("SELECT count(*) FROM curves"));
    }
}
