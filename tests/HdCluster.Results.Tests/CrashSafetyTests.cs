namespace HdCluster.Results.Tests;

/// <summary>
/// Simulates interruptions by recreating the files an interrupted write or compaction leaves
/// behind, then checks that readers see exactly what they saw before and that the next
/// compaction finishes the job.
/// </summary>
public sealed class CrashSafetyTests
{
    private static ResultsStore Populated(TempFolder temp)
    {
        var store = new ResultsStore(temp.Path);
        store.AppendCells(Tables.CellRows(("c1", "first", 0.1), ("c2", "first", 0.2)));
        store.AppendCurves(Tables.CurveRows("c1", "first", 5));
        store.AppendCurves(Tables.CurveRows("c2", "first", 4));
        store.Compact();
        store.AppendCurves(Tables.CurveRows("c1", "rerun", 3));
        store.AppendCells(Tables.CellRows(("c1", "rerun", 0.3), ("c3", "first", 0.4)));
        store.AppendCurves(Tables.CurveRows("c3", "first", 6));
        return store;
    }

    private static string Snapshot(ResultsStore store) => string.Join(
        "\n",
        store.Query("SELECT * FROM cells ORDER BY cell_id").Rows.Select(r => string.Join(",", r))
            .Concat(store.Query("SELECT * FROM curves ORDER BY cell_id, attempt, step").Rows.Select(r => string.Join(",", r))));

    private static Dictionary<string, byte[]> Keep(IEnumerable<string> paths) => paths.ToDictionary(p => p, File.ReadAllBytes);

    private static void Restore(Dictionary<string, byte[]> files)
    {
        foreach (var (path, content) in files)
        {
            File.WriteAllBytes(path, content);
        }
    }

    [Fact]
    public void Temp_files_of_interrupted_writes_are_ignored_and_old_ones_cleaned_up()
    {
        using var temp = new TempFolder();
        using var store = Populated(temp);
        var before = Snapshot(store);
        var ids = store.CompletedCellIds();
        var freshTemp = Path.Combine(temp.Path, "parts", $".cells-{new string('0', 19)}-{Guid.NewGuid():N}.parquet.{Guid.NewGuid():N}.tmp");
        var staleTemp = Path.Combine(temp.Path, $".cells.parquet.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(freshTemp, "half a parquet file");
        File.WriteAllText(staleTemp, "half a merged file");
        File.SetLastWriteTimeUtc(staleTemp, DateTime.UtcNow.AddHours(-2));

        Assert.Equal(before, Snapshot(store));
        Assert.Equal(ids, store.CompletedCellIds());

        store.Compact();

        Assert.Equal(before, Snapshot(store));
        Assert.True(File.Exists(freshTemp), "a temp file that may belong to a live writer must stay");
        Assert.False(File.Exists(staleTemp), "a temp file older than any live write is removed");
    }

    [Fact]
    public void Parts_left_after_their_merge_are_not_counted_twice_and_the_next_compaction_removes_them()
    {
        using var temp = new TempFolder();
        using var store = Populated(temp);
        var before = Snapshot(store);
        var parts = Keep(store.PartFiles("cells").Concat(store.PartFiles("curves")));

        store.Compact();
        Restore(parts); // as if the process died after both renames, before deleting any part

        Assert.Equal(before, Snapshot(store));
        Assert.Equal(["c1", "c2", "c3"], store.CompletedCellIds().Order(StringComparer.Ordinal));
        store.Compact();
        Assert.Empty(store.PartFiles("cells"));
        Assert.Empty(store.PartFiles("curves"));
        Assert.Equal(before, Snapshot(store));
    }

    [Fact]
    public void A_compaction_interrupted_between_the_two_merged_files_loses_nothing()
    {
        using var temp = new TempFolder();
        using var store = Populated(temp);
        var before = Snapshot(store);
        var cellsMerged = Path.Combine(temp.Path, "cells.parquet");
        var kept = Keep(store.PartFiles("cells").Concat(store.PartFiles("curves")).Append(cellsMerged));

        store.Compact();
        Restore(kept); // curves.parquet is new; cells.parquet and every part are as before

        Assert.Equal(before, Snapshot(store));
        store.Compact();
        Assert.Equal(before, Snapshot(store));
        Assert.Empty(store.PartFiles("curves"));
    }
}
