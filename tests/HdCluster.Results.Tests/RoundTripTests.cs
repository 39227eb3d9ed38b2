using DuckDB.NET.Data;

namespace HdCluster.Results.Tests;

public sealed class RoundTripTests
{
    [Fact]
    public void A_part_is_a_Parquet_file_whose_types_DuckDBs_own_reader_confirms()
    {
        using var temp = new TempFolder();
        using var store = new ResultsStore(temp.Path);

        store.AppendCells(Tables.CellRows(("c1", "a1", 0.1)));

        var part = Assert.Single(store.PartFiles("cells"));
        var types = RawDuckDb.Rows($"DESCRIBE SELECT * FROM read_parquet('{part}')").ToDictionary(r => (string)r[0]!, r => (string)r[1]!);
        Assert.Equal("VARCHAR", types["cell_id"]);
        Assert.Equal("VARCHAR", types["attempt"]);
        Assert.Equal("DOUBLE", types["lr"]);
        Assert.Equal("BIGINT", types["batch_size"]);
        Assert.Equal("BOOLEAN", types["diverged"]);
        Assert.Equal("TIMESTAMP", types["finished_at"]);
        Assert.Equal("VARCHAR", types["optimizer"]);
    }

    [Fact]
    public void Parquet_logical_types_are_the_ones_pyarrow_maps_to_string_and_naive_microsecond_timestamps()
    {
        using var temp = new TempFolder();
        using var store = new ResultsStore(temp.Path);

        store.AppendCells(Tables.CellRows(("c1", "a1", 0.1)));

        var part = Assert.Single(store.PartFiles("cells"));
        var schema = RawDuckDb.Rows($"SELECT name, type, converted_type, logical_type FROM parquet_schema('{part}')")
            .Where(r => r[1] is not null)
            .ToDictionary(r => (string)r[0]!, r => $"{r[1]} {r[2]} {r[3]}");
        Assert.StartsWith("BYTE_ARRAY UTF8", schema["cell_id"]);
        Assert.StartsWith("DOUBLE", schema["lr"]);
        Assert.StartsWith("INT64", schema["batch_size"]);
        Assert.StartsWith("BOOLEAN", schema["diverged"]);
        Assert.Contains("TimestampType(isAdjustedToUTC=0, unit=TimeUnit(MILLIS=<null>, MICROS=MicroSeconds(), NANOS=<null>)", schema["finished_at"]);
    }

    [Fact]
    public void Timestamps_are_stored_as_UTC_whatever_the_kind_given()
    {
        using var temp = new TempFolder();
        using var store = new ResultsStore(temp.Path);
        var utc = new DateTime(2025, 6, 7, 8, 9, 10, DateTimeKind.Utc);
        var cells = Tables.Cells()
            .AddRow("c1", "a1", null, null, null, utc.ToLocalTime(), null)
            .AddRow("c2", "a1", null, null, null, DateTime.SpecifyKind(utc, DateTimeKind.Unspecified), null)
            .AddRow("c3", "a1", null, null, null, new DateTimeOffset(utc).ToOffset(TimeSpan.FromHours(-5)), null);

        store.AppendCells(cells);
        store.Compact();

        var times = store.Query("SELECT finished_at FROM cells ORDER BY cell_id").Rows.Select(r => (DateTime)r[0]!).ToArray();
        Assert.All(times, t => Assert.Equal(utc, t));
        Assert.All(times, t => Assert.Equal(DateTimeKind.Utc, t.Kind));
        var raw = RawDuckDb.Rows($"SELECT strftime(finished_at, '%Y-%m-%d %H:%M:%S') FROM read_parquet('{Path.Combine(temp.Path, "cells.parquet")}')");
        Assert.All(raw, r => Assert.Equal("2025-06-07 08:09:10", r[0]));
    }

    [Fact]
    public void Values_round_trip_including_nulls_and_microsecond_timestamps()
    {
        using var temp = new TempFolder();
        using var store = new ResultsStore(temp.Path);
        var finished = new DateTime(2025, 6, 7, 8, 9, 10, DateTimeKind.Utc).AddTicks(1234560);
        var cells = Tables.Cells()
            .AddRow("c1", "a1", 3e-4, 128L, true, finished, "sgd with momentum, 0.9")
            .AddRow("c2", "a1", null, null, null, null, null);

        store.AppendCells(cells);

        var result = store.Query("SELECT * FROM cells ORDER BY cell_id");
        Assert.Equal(["cell_id", "attempt", "lr", "batch_size", "diverged", "finished_at", "optimizer"], result.Columns.Select(c => c.Name));
        Assert.Equal(["c1", "a1", 3e-4, 128L, true, finished, "sgd with momentum, 0.9"], result.Rows[0]);
        Assert.Equal(["c2", "a1", null, null, null, null, null], result.Rows[1]);
        Assert.Equal(typeof(DateTime), result.Columns[result.IndexOf("finished_at")].ClrType);
    }

    [Fact]
    public void The_store_column_part_is_not_visible_in_the_views()
    {
        using var temp = new TempFolder();
        using var store = new ResultsStore(temp.Path);
        store.AppendCells(Tables.CellRows(("c1", "a1", 0.1)));
        store.AppendCurves(Tables.CurveRows("c1", "a1", 3));

        Assert.DoesNotContain(store.Query("SELECT * FROM cells").Columns, c => c.Name.StartsWith('_'));
        Assert.DoesNotContain(store.Query("SELECT * FROM curves").Columns, c => c.Name.StartsWith('_'));
    }

    [Fact]
    public void An_empty_batch_writes_nothing()
    {
        using var temp = new TempFolder();
        using var store = new ResultsStore(temp.Path);

        store.AppendCells(Tables.Cells());

        Assert.Empty(store.PartFiles("cells"));
    }

    [Fact]
    public void An_empty_or_missing_folder_reads_as_empty_tables()
    {
        using var temp = new TempFolder();
        using var store = new ResultsStore(temp.Sub("never-written"));

        Assert.Empty(store.CompletedCellIds());
        Assert.Equal(0, store.Scalar("SELECT count(*) FROM cells"));
        Assert.Equal(0, store.Scalar("SELECT count(*) FROM curves"));
        store.Compact();
        Assert.False(Directory.Exists(store.Folder));
    }

    [Fact]
    public void ForSweep_places_the_store_in_results_slash_sweep_and_rejects_paths_as_names()
    {
        using var temp = new TempFolder();

        using var store = ResultsStore.ForSweep(temp.Path, "lr-sweep");

        Assert.Equal(Path.Combine(temp.Path, "lr-sweep"), store.Folder);
        Assert.Throws<ArgumentException>(() => ResultsStore.ForSweep(temp.Path, "../elsewhere"));
    }
}
