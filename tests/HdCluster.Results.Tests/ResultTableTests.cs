namespace HdCluster.Results.Tests;

public sealed class ResultTableTests
{
    [Fact]
    public void An_unknown_column_type_is_rejected_with_its_name()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ResultColumn("lr", (ColumnType)42));

        Assert.Contains("Unknown column type 42 for column 'lr'", error.Message);
    }

    [Fact]
    public void Duplicate_column_names_are_rejected_ignoring_case()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new ResultTable(new ResultColumn("lr", ColumnType.Double), new ResultColumn("LR", ColumnType.Double)));

        Assert.Contains("more than once", error.Message);
    }

    [Fact]
    public void A_value_of_the_wrong_type_fails_when_the_row_is_added()
    {
        var table = new ResultTable(new ResultColumn("batch_size", ColumnType.BigInt));

        var error = Assert.Throws<ArgumentException>(() => table.AddRow("32"));

        Assert.Contains("'batch_size' is BigInt", error.Message);
    }

    [Fact]
    public void Null_in_a_non_nullable_column_fails()
    {
        var table = new ResultTable(new ResultColumn("step", ColumnType.BigInt, nullable: false));

        Assert.Throws<ArgumentException>(() => table.AddRow([null]));
    }

    [Fact]
    public void A_row_must_have_one_value_per_column()
    {
        var table = new ResultTable(new ResultColumn("a", ColumnType.Double), new ResultColumn("b", ColumnType.Double));

        Assert.Throws<ArgumentException>(() => table.AddRow(1.0));
    }

    [Fact]
    public void Values_are_normalized_to_one_form_per_type()
    {
        var table = new ResultTable(
            new ResultColumn("d", ColumnType.Double),
            new ResultColumn("b", ColumnType.BigInt),
            new ResultColumn("t", ColumnType.Timestamp));
        var local = new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.FromHours(2));

        table.AddRow(3, 7, local);

        var row = table.Rows.Single();
        Assert.Equal(3.0, row[0]);
        Assert.Equal(7L, row[1]);
        Assert.Equal(new DateTime(2025, 1, 1, 10, 0, 0, DateTimeKind.Utc), row[2]);
        Assert.Equal(DateTimeKind.Utc, ((DateTime)row[2]!).Kind);
    }
}
