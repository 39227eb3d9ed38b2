using Xunit.Abstractions;

namespace HdCluster.Results.Tests;

public sealed class ErrorTests(ITestOutputHelper output)
{
    private static string FakePartName(string table) => $"{table}-{DateTime.UtcNow.Ticks:D19}-{Guid.NewGuid():N}.parquet";

    [Fact]
    public void A_corrupt_part_is_reported_by_file_name()
    {
        using var temp = new TempFolder();
        using var store = new ResultsStore(temp.Path);
        store.AppendCells(Tables.CellRows(("c1", "a1", 0.1)));
        var corrupt = Path.Combine(temp.Path, "parts", FakePartName("cells"));
        File.WriteAllText(corrupt, "this is not parquet");

        var parts = store.PartFiles("cells");

        var onQuery = Assert.Throws<ResultsStoreException>(() => store.Query("SELECT * FROM cells"));
        var onIds = Assert.Throws<ResultsStoreException>(store.CompletedCellIds);
        var onCompact = Assert.Throws<ResultsStoreException>(store.Compact);

        Assert.Contains(corrupt, onQuery.Message);
        Assert.Contains(corrupt, onIds.Message);
        Assert.Contains(corrupt, onCompact.Message);
        Assert.Equal(parts, store.PartFiles("cells"));
    }

    [Fact]
    public void A_truncated_merged_file_is_reported_by_name_and_compaction_deletes_nothing()
    {
        using var temp = new TempFolder();
        using var store = new ResultsStore(temp.Path);
        store.AppendCells(Tables.CellRows(("c1", "a1", 0.1)));
        store.Compact();
        store.AppendCells(Tables.CellRows(("c2", "a1", 0.2)));
        var merged = Path.Combine(temp.Path, "cells.parquet");
        var bytes = File.ReadAllBytes(merged);
        File.WriteAllBytes(merged, bytes[..(bytes.Length / 2)]);
        var parts = store.PartFiles("cells");

        var error = Assert.Throws<ResultsStoreException>(store.Compact);

        Assert.Contains(merged, error.Message);
        Assert.Equal(parts, store.PartFiles("cells"));
    }

    [Fact]
    public void A_mistake_in_query_sql_is_a_DuckDbException_with_DuckDBs_message()
    {
        using var temp = new TempFolder();
        using var store = new ResultsStore(temp.Path);
        store.AppendCells(Tables.CellRows(("c1", "a1", 0.1)));

        var error = Assert.Throws<DuckDbException>(() => store.Query("SELECT no_such_column FROM cells"));

        Assert.Contains("no_such_column", error.Message);
    }

    [Fact]
    public void A_folder_that_cannot_be_created_is_named_in_the_error()
    {
        using var temp = new TempFolder();
        var regularFile = temp.Sub("results-is-a-file");
        File.WriteAllText(regularFile, "not a folder");
        using var store = new ResultsStore(Path.Combine(regularFile, "sweep"));

        var error = Assert.Throws<ResultsStoreException>(() => store.AppendCells(Tables.CellRows(("c1", "a1", 0.1))));

        Assert.Contains(store.Folder, error.Message);
        Assert.Contains("not writable", error.Message);
    }

    [Fact]
    public void A_read_only_folder_fails_before_anything_is_lost()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix permissions; the library itself is Linux-only.
        }

        using var temp = new TempFolder();
        using var store = new ResultsStore(temp.Path);
        store.AppendCells(Tables.CellRows(("c1", "a1", 0.1)));
        var before = store.PartFiles("cells");
        var parts = Path.Combine(temp.Path, "parts");
        const UnixFileMode readOnly = UnixFileMode.UserRead | UnixFileMode.UserExecute;
        const UnixFileMode writable = readOnly | UnixFileMode.UserWrite;
        File.SetUnixFileMode(temp.Path, readOnly);
        File.SetUnixFileMode(parts, readOnly);
        try
        {
            if (PermissionsAreBypassed(parts))
            {
                // Root (or CAP_DAC_OVERRIDE) writes through chmod; the test above covers an
                // unwritable folder in a way that holds for root too.
                output.WriteLine("Skipped the read-only assertions: this process can write to a read-only folder (running as root).");
                return;
            }

            var onAppend = Assert.Throws<ResultsStoreException>(() => store.AppendCells(Tables.CellRows(("c2", "a1", 0.2))));
            var onCompact = Assert.Throws<ResultsStoreException>(store.Compact);

            Assert.Contains(temp.Path, onAppend.Message);
            Assert.Contains(temp.Path, onCompact.Message);
            Assert.Equal(before, store.PartFiles("cells"));
            Assert.Equal(["c1"], store.CompletedCellIds());
        }
        finally
        {
            File.SetUnixFileMode(parts, writable);
            File.SetUnixFileMode(temp.Path, writable);
        }
    }

    private static bool PermissionsAreBypassed(string folder)
    {
        var probe = Path.Combine(folder, $"probe-{Guid.NewGuid():N}");
        try
        {
            File.WriteAllText(probe, string.Empty);
            File.Delete(probe);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
