using System.Security.Cryptography;

namespace HdCluster.Results.Tests;

/// <summary>
/// A query can read the sweep's results and nothing else, and cannot write anywhere: every
/// attempt is refused with a message saying why, and the results folder is byte for byte as before.
/// </summary>
public sealed class QuerySafetyTests
{
    private static ResultsStore Populated(TempFolder temp)
    {
        var store = new ResultsStore(temp.Sub("results", "sweep"));
        store.AppendCells(Tables.CellRows(("c1", "a1", 0.1), ("c2", "a1", 0.2)));
        store.AppendCurves(Tables.CurveRows("c1", "a1", 5));
        store.Compact();
        store.AppendCells(Tables.CellRows(("c3", "a1", 0.3)));
        return store;
    }

    /// <summary>Every file under the folder (names and contents), so any change on disk shows.</summary>
    private static string Fingerprint(string folder) => string.Join(
        "\n",
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(f => $"{Path.GetRelativePath(folder, f)} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))}"));

    public static TheoryData<string, string> Attacks() => new()
    {
        { "COPY into the results folder", "COPY cells TO '{results}/cells.parquet' (FORMAT PARQUET)" },
        { "COPY elsewhere", "COPY (SELECT * FROM cells) TO '{outside}/stolen.csv'" },
        { "read a system file", "SELECT * FROM read_csv('/etc/passwd')" },
        { "list a system folder", "SELECT * FROM glob('/etc/*')" },
        { "read a file beside the results", "SELECT * FROM read_text('{outside}/secret.txt')" },
        { "escape the folder with ..", "SELECT * FROM read_text('{results}/../../secret.txt')" },
        { "ATTACH a database file", "ATTACH '{outside}/other.duckdb' AS other" },
        { "INSTALL an extension", "INSTALL httpfs" },
        { "LOAD an extension", "LOAD httpfs" },
        { "SET a setting", "SET enable_external_access = true" },
        { "PRAGMA", "PRAGMA threads = 1" },
        { "CREATE a table", "CREATE TABLE t AS SELECT * FROM cells" },
        { "DROP a view", "DROP VIEW cells" },
        { "EXPORT the database", "EXPORT DATABASE '{outside}/dump'" },
        { "a write hidden behind a read", "SELECT 1; COPY cells TO '{results}/cells.parquet' (FORMAT PARQUET)" },
    };

    [Theory]
    [MemberData(nameof(Attacks))]
    public void A_query_that_would_do_more_than_read_the_results_is_refused_and_nothing_changes_on_disk(string attack, string template)
    {
        using var temp = new TempFolder();
        using var store = Populated(temp);
        File.WriteAllText(temp.Sub("secret.txt"), "not results");
        var sql = template.Replace("{results}", store.Folder, StringComparison.Ordinal).Replace("{outside}", temp.Path, StringComparison.Ordinal);
        var results = Fingerprint(store.Folder);
        var everything = Fingerprint(temp.Path);
        var visible = store.Query("SELECT cell_id FROM cells ORDER BY cell_id").Rows.Select(r => r[0]).ToArray();

        var error = Assert.Throws<QueryRefusedException>(() => store.Query(sql));

        Assert.StartsWith("Refused", error.Message);
        Assert.True(results == Fingerprint(store.Folder), $"'{attack}' changed the results folder");
        Assert.True(everything == Fingerprint(temp.Path), $"'{attack}' changed a file beside the results");
        Assert.Equal(visible, store.Query("SELECT cell_id FROM cells ORDER BY cell_id").Rows.Select(r => r[0]).ToArray());
    }

    [Fact]
    public void Reads_of_the_results_own_files_and_the_usual_read_statements_are_allowed()
    {
        using var temp = new TempFolder();
        using var store = Populated(temp);

        Assert.Equal(2, store.Scalar($"SELECT count(*) FROM read_parquet('{store.Folder}/cells.parquet')"));
        Assert.Equal(1, store.Scalar($"SELECT count(*) FROM glob('{store.Folder}/parts/*.parquet')"));
        Assert.Equal(3, store.Scalar("WITH c AS (FROM cells) SELECT count(*) FROM c"));
        Assert.NotEmpty(store.Query("SUMMARIZE cells").Rows);
        Assert.Contains(store.Query("SHOW TABLES").Rows, r => (string?)r[0] == "cells");
    }

    [Fact]
    public void Export_writes_the_result_as_typed_Parquet_outside_the_results_folder()
    {
        using var temp = new TempFolder();
        using var store = Populated(temp);
        var file = temp.Sub("export", "best.parquet");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var results = Fingerprint(store.Folder);

        var rows = store.ExportParquet("SELECT cell_id, lr, batch_size, diverged, finished_at, count(*) OVER () AS n FROM cells ORDER BY cell_id", file);

        Assert.Equal(3, rows);
        Assert.Equal(results, Fingerprint(store.Folder));
        var types = RawDuckDb.Rows($"DESCRIBE SELECT * FROM read_parquet('{file}')").ToDictionary(r => (string)r[0]!, r => (string)r[1]!);
        Assert.Equal(["VARCHAR", "DOUBLE", "BIGINT", "BOOLEAN", "TIMESTAMP", "BIGINT"], types.Values);
        var back = RawDuckDb.Rows($"SELECT cell_id, lr, finished_at FROM read_parquet('{file}') ORDER BY cell_id");
        Assert.Equal(["c1", "c2", "c3"], back.Select(r => r[0]));
        Assert.Equal([0.1, 0.2, 0.3], back.Select(r => r[1]));
        Assert.All(back, r => Assert.Equal(Tables.Finished, DateTime.SpecifyKind((DateTime)r[2]!, DateTimeKind.Utc)));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(file)!, ".*"));
    }

    [Fact]
    public void Export_into_the_results_folder_is_refused_and_writes_nothing()
    {
        using var temp = new TempFolder();
        using var store = Populated(temp);
        var results = Fingerprint(store.Folder);

        var overwrite = Assert.Throws<QueryRefusedException>(() => store.ExportParquet("SELECT * FROM cells", Path.Combine(store.Folder, "cells.parquet")));
        var beside = Assert.Throws<QueryRefusedException>(() => store.ExportParquet("SELECT * FROM cells", Path.Combine(store.Folder, "parts", "..", "x.parquet")));
        var writeQuery = Assert.Throws<QueryRefusedException>(() => store.ExportParquet("COPY cells TO 'x.csv'", temp.Sub("x.parquet")));

        Assert.Contains(store.Folder, overwrite.Message);
        Assert.Contains(store.Folder, beside.Message);
        Assert.StartsWith("Refused", writeQuery.Message);
        Assert.Equal(results, Fingerprint(store.Folder));
        Assert.False(File.Exists(temp.Sub("x.parquet")));
    }
}
