using HdCluster.Results.Native;

namespace HdCluster.Results.Tests;

public sealed class DuckDbBindingTests
{
    private static DuckDbConnection Open() => DuckDbConnection.OpenInMemory(new Dictionary<string, string>());

    [Fact]
    public void Loads_the_pinned_DuckDB_version_through_the_resolver()
    {
        Assert.StartsWith("v1.4.", DuckDbConnection.LibraryVersion);
    }

    [Fact]
    public void Bad_sql_is_a_DuckDbException_with_DuckDBs_message()
    {
        using var db = Open();

        var error = Assert.Throws<DuckDbException>(() => db.Execute("SELEKT 1"));

        Assert.Contains("syntax error", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Runtime_errors_of_a_query_are_DuckDbExceptions_too()
    {
        using var db = Open();

        var error = Assert.Throws<DuckDbException>(() => db.Query("SELECT CAST('x' AS DOUBLE)", []));

        Assert.Contains("Could not convert string 'x' to DOUBLE", error.Message);
    }

    [Fact]
    public void An_appender_on_a_missing_table_reports_DuckDBs_error()
    {
        using var db = Open();

        var error = Assert.Throws<DuckDbException>(() => db.CreateAppender("no_such_table"));

        Assert.Contains("no_such_table", error.Message);
    }

    [Fact]
    public void An_appender_constraint_violation_surfaces_at_close_not_as_a_crash()
    {
        using var db = Open();
        db.Execute("CREATE TABLE t (x BIGINT NOT NULL)");
        using var appender = db.CreateAppender("t");

        var error = Assert.Throws<DuckDbException>(() =>
        {
            appender.AppendNull();
            appender.EndRow();
            appender.Close();
        });

        Assert.Contains("NOT NULL", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void An_appender_row_of_the_wrong_width_is_rejected()
    {
        using var db = Open();
        db.Execute("CREATE TABLE t (x BIGINT, y BIGINT)");
        using var appender = db.CreateAppender("t");
        appender.Append(1L);

        Assert.Throws<DuckDbException>(appender.EndRow);
    }

    [Fact]
    public void Appended_rows_read_back_with_their_types()
    {
        using var db = Open();
        db.Execute("CREATE TABLE t (s VARCHAR, d DOUBLE, b BIGINT, f BOOLEAN, t TIMESTAMP)");
        var time = new DateTime(2024, 2, 29, 23, 59, 58, DateTimeKind.Utc).AddTicks(1234560);
        using (var appender = db.CreateAppender("t"))
        {
            appender.Append("a string longer than twelve bytes, with ünïcode");
            appender.Append(2.5);
            appender.Append(long.MinValue);
            appender.Append(true);
            appender.AppendTimestamp(time);
            appender.EndRow();
            for (var i = 0; i < 5; i++)
            {
                appender.AppendNull();
            }

            appender.EndRow();
            appender.Close();
        }

        var result = db.Query("SELECT * FROM t", []);

        Assert.Equal(["VARCHAR", "DOUBLE", "BIGINT", "BOOLEAN", "TIMESTAMP"], result.Columns.Select(c => c.TypeName));
        Assert.Equal(
            ["a string longer than twelve bytes, with ünïcode", 2.5, long.MinValue, true, time],
            result.Rows[0]);
        Assert.All(result.Rows[1], Assert.Null);
    }

    [Fact]
    public void Long_strings_append_and_read_back_whole()
    {
        using var db = Open();
        db.Execute("CREATE TABLE t (s VARCHAR)");
        var text = string.Concat(Enumerable.Repeat("grüße ", 5_000));
        using (var appender = db.CreateAppender("t"))
        {
            appender.Append("short");
            appender.EndRow();
            appender.Append(text);
            appender.EndRow();
            appender.Close();
        }

        Assert.Equal(["short", text], db.Query("SELECT s FROM t", []).Rows.Select(r => r[0]));
    }

    [Fact]
    public void Parameters_bind_in_order_and_a_wrong_count_is_an_argument_error()
    {
        using var db = Open();

        var result = db.Query("SELECT $1::VARCHAR || '!', $2 + 1, $3 * 2.0, $4, $5 IS NULL", ["hi", 41L, 1.25, true, null]);

        Assert.Equal(["hi!", 42L, 2.5, true, true], result.Rows.Single());
        Assert.Throws<ArgumentException>(() => db.Query("SELECT $1", []));
    }

    [Fact]
    public void Aggregate_and_literal_types_decode()
    {
        using var db = Open();

        var row = db.Query("SELECT sum(x), 1.25, DATE '2024-01-02', 7::INTEGER FROM (SELECT 7::BIGINT AS x)", []).Rows.Single();

        Assert.Equal([(Int128)7, 1.25m, new DateOnly(2024, 1, 2), 7], row);
    }

    [Fact]
    public void Types_without_a_decoder_come_back_as_text()
    {
        using var db = Open();

        var result = db.Query("SELECT [1, 2] AS xs, {'a': 1} AS s, 3 AS n -- trailing comment", []);

        Assert.Equal(["VARCHAR", "VARCHAR", "INTEGER"], result.Columns.Select(c => c.TypeName));
        Assert.Equal(["xs", "s", "n"], result.Columns.Select(c => c.Name));
        Assert.Equal(["[1, 2]", "{'a': 1}", 3], result.Rows.Single());
    }

    [Fact]
    public void A_type_without_a_decoder_that_cannot_be_cast_first_is_an_error_naming_the_column()
    {
        using var db = Open();

        // The type of $1 is unknown until execution, so the statement cannot be wrapped beforehand.
        var error = Assert.Throws<DuckDbException>(() => db.Query("SELECT [$1] AS xs", [1L]));

        Assert.Contains("'xs'", error.Message);
    }

    [Fact]
    public void Results_span_several_chunks()
    {
        using var db = Open();

        var result = db.Query("SELECT i, 'row ' || i FROM range(5000) t(i)", []);

        Assert.Equal(5000, result.Rows.Count);
        Assert.Equal([4999L, "row 4999"], result.Rows[4999]);
    }
}
