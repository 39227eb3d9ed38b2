namespace HdCluster.Results.Tests;

public sealed class SchemaRuleTests
{
    [Fact]
    public void Both_tables_need_cell_id_and_attempt()
    {
        using var temp = new TempFolder();
        using var store = new ResultsStore(temp.Path);
        var noAttempt = new ResultTable(new ResultColumn("cell_id", ColumnType.Varchar), new ResultColumn("loss", ColumnType.Double));
        noAttempt.AddRow("c1", 0.5);

        var error = Assert.Throws<ArgumentException>(() => store.AppendCurves(noAttempt));

        Assert.Contains("'attempt'", error.Message);
    }

    [Fact]
    public void Key_columns_must_have_values()
    {
        using var temp = new TempFolder();
        using var store = new ResultsStore(temp.Path);
        var cells = Tables.Cells();
        cells.AddRow("c1", string.Empty, 0.1, 1L, false, null, null);

        Assert.Throws<ArgumentException>(() => store.AppendCells(cells));
    }

    [Fact]
    public void Names_starting_with_underscore_are_reserved()
    {
        using var temp = new TempFolder();
        using var store = new ResultsStore(temp.Path);
        var cells = Tables.Cells(new ResultColumn("_part", ColumnType.Varchar));

        var error = Assert.Throws<ArgumentException>(() => store.AppendCells(cells));

        Assert.Contains("reserved", error.Message);
    }

    [Fact]
    public void A_cells_batch_says_each_cell_once()
    {
        using var temp = new TempFolder();
        using var store = new ResultsStore(temp.Path);

        var error = Assert.Throws<ArgumentException>(() => store.AppendCells(Tables.CellRows(("c1", "a1", 0.1), ("c1", "a2", 0.2))));

        Assert.Contains("'c1' appears 2 times", error.Message);
        Assert.Empty(store.PartFiles("cells"));
    }
}
