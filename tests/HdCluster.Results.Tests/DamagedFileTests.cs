namespace HdCluster.Results.Tests;

/// <summary>
/// A truncated or garbage file: every reader names it and says how to recover, and a rebuild sets it
/// aside (never deleting it) and keeps every result that survives in intact files.
/// </summary>
public sealed class DamagedFileTests
{
    /// <summary>c1, c2 merged into cells.parquet; c3 and c4 in one part each, with curves.</summary>
    private static ResultsStore Populated(TempFolder temp)
    {
        var store = new ResultsStore(temp.Sub("sweep"));
        store.AppendCurves(Tables.CurveRows("c1", "a1", 4));
        store.AppendCells(Tables.CellRows(("c1", "a1", 0.1), ("c2", "a1", 0.2)));
        store.Compact();
        store.AppendCurves(Tables.CurveRows("c3", "a1", 3));
        store.AppendCells(Tables.CellRows(("c3", "a1", 0.3)));
        store.AppendCells(Tables.CellRows(("c4", "a1", 0.4)));
        return store;
    }

    private static void Truncate(string path)
    {
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
    }

    public static TheoryData<string> Damages() => new() { "truncated merged file", "garbage merged file", "truncated part", "garbage part" };

    private static string Damage(ResultsStore store, string damage)
    {
        var target = damage.EndsWith("merged file", StringComparison.Ordinal)
            ? Path.Combine(store.Folder, "cells.parquet")
            : store.PartFiles("cells")[0];
        if (damage.StartsWith("truncated", StringComparison.Ordinal))
        {
            Truncate(target);
        }
        else
        {
            File.WriteAllText(target, "this is not a Parquet file");
        }

        return target;
    }

    [Theory]
    [MemberData(nameof(Damages))]
    public void Every_reader_names_the_damaged_file_and_says_how_to_recover(string damage)
    {
        using var temp = new TempFolder();
        using var store = Populated(temp);
        var damaged = Damage(store, damage);
        var parts = store.PartFiles("cells").Concat(store.PartFiles("curves")).ToArray();

        var errors = new[]
        {
            Assert.Throws<ResultsStoreException>(() => store.Query("SELECT * FROM cells")),
            Assert.Throws<ResultsStoreException>(() => store.CompletedCellIds()),
            Assert.Throws<ResultsStoreException>(store.Compact),
            Assert.Throws<ResultsStoreException>(() => new ResultsStore(store.Folder).CompletedCellIds()),
        };

        Assert.All(errors, e =>
        {
            Assert.Contains(damaged, e.Message);
            Assert.Contains("hdc run", e.Message);
            Assert.Equal([damaged], e.DamagedFiles);
        });
        Assert.Equal(parts, store.PartFiles("cells").Concat(store.PartFiles("curves")));
    }

    [Fact]
    public void A_curves_part_damaged_inside_its_pages_fails_the_compaction_naming_it_and_nothing_is_removed()
    {
        using var temp = new TempFolder();
        using var store = Populated(temp);
        var part = store.PartFiles("curves").Single();
        var bytes = File.ReadAllBytes(part);
        Array.Fill(bytes, (byte)0xFF, 4, bytes.Length / 3);
        File.WriteAllBytes(part, bytes);
        var files = DataFiles(store);

        var error = Assert.Throws<ResultsStoreException>(store.Compact);

        Assert.Equal([part], error.DamagedFiles);
        Assert.Contains("hdc run", error.Message, StringComparison.Ordinal);
        Assert.Equal(files, DataFiles(store));
    }

    private static string[] DataFiles(ResultsStore store) =>
        Directory.GetFiles(store.Folder, "*.parquet", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void Rebuilding_after_a_damaged_merged_file_keeps_the_cells_of_intact_parts_and_sets_the_file_aside()
    {
        using var temp = new TempFolder();
        using var store = Populated(temp);
        var damaged = Damage(store, "truncated merged file");
        var damagedBytes = File.ReadAllBytes(damaged);

        var moved = store.RebuildFromIntactFiles();

        var aside = Assert.Single(moved);
        Assert.StartsWith(Path.Combine(store.Folder, "damaged"), aside);
        Assert.Equal(damagedBytes, File.ReadAllBytes(aside));
        Assert.Equal(["c3", "c4"], store.CompletedCellIds().Order(StringComparer.Ordinal));
        Assert.Equal(["c3", "c4"], store.Query("SELECT cell_id FROM cells ORDER BY cell_id").Rows.Select(r => r[0]));
        Assert.Equal(3 + 4, store.Scalar("SELECT count(*) FROM curves"));
        Assert.Empty(store.PartFiles("cells"));
        Assert.True(File.Exists(Path.Combine(store.Folder, "cells.parquet")));
    }

    [Fact]
    public void Rebuilding_after_a_damaged_part_keeps_everything_else()
    {
        using var temp = new TempFolder();
        using var store = Populated(temp);
        var damaged = Damage(store, "garbage part");

        var moved = store.RebuildFromIntactFiles();

        Assert.Equal(Path.GetFileName(damaged), Path.GetFileName(Assert.Single(moved))[("yyyyMMddTHHmmssZ-".Length)..]);
        Assert.Equal(["c1", "c2", "c4"], store.CompletedCellIds().Order(StringComparer.Ordinal));
        Assert.Equal(3, store.Scalar("SELECT count(*) FROM cells"));
    }

    [Fact]
    public void A_merged_part_left_beside_a_damaged_merged_file_is_read_again_by_the_rebuild()
    {
        using var temp = new TempFolder();
        using var store = new ResultsStore(temp.Sub("sweep"));
        store.AppendCells(Tables.CellRows(("c1", "a1", 0.1)));
        var part = Assert.Single(store.PartFiles("cells"));
        var partBytes = File.ReadAllBytes(part);
        store.Compact();
        File.WriteAllBytes(part, partBytes); // a compaction that died before deleting the part it merged
        Truncate(Path.Combine(store.Folder, "cells.parquet"));

        store.RebuildFromIntactFiles();

        Assert.Equal(["c1"], store.CompletedCellIds());
    }

    [Fact]
    public void Rebuilding_a_healthy_store_moves_nothing_and_changes_no_result()
    {
        using var temp = new TempFolder();
        using var store = Populated(temp);
        var before = store.Query("SELECT * FROM cells ORDER BY cell_id").Rows.Select(r => string.Join(",", r)).ToArray();

        Assert.Empty(store.RebuildFromIntactFiles());

        Assert.Equal(before, store.Query("SELECT * FROM cells ORDER BY cell_id").Rows.Select(r => string.Join(",", r)));
        Assert.False(Directory.Exists(Path.Combine(store.Folder, "damaged")));
    }
}
