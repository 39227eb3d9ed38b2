namespace HdCluster.Results.Tests;

/// <summary>Group commit: several batches (cells) written as one part, with their columns united.</summary>
public sealed class BatchWriteTests
{
    [Fact]
    public void Several_batches_become_one_part_per_table_with_every_row()
    {
        using var temp = new TempFolder();
        using var store = new ResultsStore(temp.Path);

        store.AppendCurves([Tables.CurveRows("c1", "a1", 3), Tables.CurveRows("c2", "a1", 4)]);
        store.AppendCells([Tables.CellRows(("c1", "a1", 0.1)), Tables.CellRows(("c2", "a1", 0.2), ("c3", "a1", 0.3))]);

        Assert.Single(store.PartFiles("curves"));
        Assert.Single(store.PartFiles("cells"));
        Assert.Equal([["c1", 3L], ["c2", 4L]], store.Query("SELECT cell_id, count(*) FROM curves GROUP BY cell_id ORDER BY cell_id").Rows);
        Assert.Equal([["c1", 0.1], ["c2", 0.2], ["c3", 0.3]], store.Query("SELECT cell_id, lr FROM cells ORDER BY cell_id").Rows);
    }

    [Fact]
    public void Batches_with_different_columns_share_a_part_with_nulls_where_a_batch_lacks_one_and_wider_types_where_they_differ()
    {
        using var temp = new TempFolder();
        using var store = new ResultsStore(temp.Path);
        var whole = Tables.Cells(new ResultColumn("warmup", ColumnType.BigInt, nullable: false));
        whole.AddRow("c2", "a1", 0.2, 64L, false, Tables.Finished, "adam", 500L);
        var fractional = Tables.Cells(new ResultColumn("warmup", ColumnType.Double, nullable: false));
        fractional.AddRow("c3", "a1", 0.3, 64L, false, Tables.Finished, "adam", 0.5);

        store.AppendCells([Tables.CellRows(("c1", "a1", 0.1)), whole, fractional]);

        Assert.Single(store.PartFiles("cells"));
        foreach (var compacted in new[] { false, true })
        {
            if (compacted)
            {
                store.Compact();
            }

            Assert.Equal([["c1", null], ["c2", 500.0], ["c3", 0.5]], store.Query("SELECT cell_id, warmup FROM cells ORDER BY cell_id").Rows);
            Assert.Equal("DOUBLE", store.Query("SELECT column_type FROM (DESCRIBE cells) WHERE column_name = 'warmup'").Rows.Single()[0]);
        }
    }

    [Fact]
    public void A_cell_in_two_batches_of_one_part_is_refused_and_nothing_is_written()
    {
        using var temp = new TempFolder();
        using var store = new ResultsStore(temp.Path);

        var error = Assert.Throws<ArgumentException>(() => store.AppendCells([Tables.CellRows(("c1", "a1", 0.1)), Tables.CellRows(("c1", "a2", 0.2))]));

        Assert.Contains("'c1' appears 2 times", error.Message, StringComparison.Ordinal);
        Assert.Empty(store.PartFiles("cells"));
    }
}
