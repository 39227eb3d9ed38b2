using System.Security.Cryptography;

namespace HdCluster.Data.Tests;

public sealed class DataVerifierTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    [Fact]
    public void Real_shared_data_passes_and_cifar_is_reported_missing()
    {
        var results = new DataVerifier().Verify(SharedData.Root);

        Assert.Equal(DataCatalog.All.Sum(s => s.Files.Count), results.Count);
        var present = results.Where(r => !r.RelativePath.StartsWith(Cifar10.Folder, StringComparison.Ordinal)).ToList();
        Assert.Equal(5, present.Count);
        Assert.All(present, r => Assert.Equal(FileCheckStatus.Ok, r.Status));
        Assert.All(present, r => Assert.Equal(r.ExpectedSha256, r.FoundSha256));
        Assert.All(results.Except(present), r => Assert.Equal(FileCheckStatus.Missing, r.Status));
    }

    [Fact]
    public void Every_sum_in_the_real_manifest_is_in_the_catalog()
    {
        var manifest = Sha256Sums.Load(Path.Combine(SharedData.Root, Sha256Sums.FileName));
        var catalog = DataCatalog.All.SelectMany(s => s.Files).ToDictionary(f => f.RelativePath, f => f.Sha256);

        Assert.Equal(5, manifest.Entries.Count);
        Assert.All(manifest.Entries, e => Assert.Equal(e.Value, catalog[e.Key]));
    }

    [Fact]
    public void Changed_file_is_a_mismatch_with_both_hashes()
    {
        var good = "good content"u8.ToArray();
        var bad = "bad content"u8.ToArray();
        _dir.Write("set/file.bin", bad);
        var spec = Set(new DataFileSpec("set/file.bin", good.Length, Sha(good)));

        var result = Assert.Single(new DataVerifier([spec]).Verify(_dir.Path));

        Assert.Equal(FileCheckStatus.Mismatch, result.Status);
        Assert.Equal(Sha(good), result.ExpectedSha256);
        Assert.Equal(Sha(bad), result.FoundSha256);
        Assert.Contains(Sha(good), result.Detail);
        Assert.Contains(Sha(bad), result.Detail);
    }

    [Fact]
    public void Absent_file_is_missing()
    {
        var result = Assert.Single(new DataVerifier([Set(new DataFileSpec("nope.bin", 1, Sha([1])))]).Verify(_dir.Path));

        Assert.Equal(FileCheckStatus.Missing, result.Status);
        Assert.Null(result.FoundSha256);
    }

    [Fact]
    public void The_roots_manifest_takes_precedence_over_the_catalog()
    {
        var content = "content"u8.ToArray();
        _dir.Write("file.bin", content);
        File.WriteAllText(Path.Combine(_dir.Path, Sha256Sums.FileName), $"{Sha(content)}  file.bin\n");
        var spec = Set(new DataFileSpec("file.bin", content.Length, Sha([1, 2, 3])));

        var result = Assert.Single(new DataVerifier([spec]).Verify(_dir.Path));

        Assert.Equal(FileCheckStatus.Ok, result.Status);
    }

    [Fact]
    public void Without_any_checksum_only_the_size_is_checked()
    {
        _dir.Write("a.bin", new byte[10]);
        _dir.Write("b.bin", new byte[11]);
        var spec = Set(new DataFileSpec("a.bin", 10, null), new DataFileSpec("b.bin", 10, null));

        var results = new DataVerifier([spec]).Verify(_dir.Path);

        Assert.Equal(FileCheckStatus.Ok, results[0].Status);
        Assert.Equal(FileCheckStatus.Mismatch, results[1].Status);
        Assert.Contains("expected 10 bytes, found 11", results[1].Detail);
    }

    [Fact]
    public void Manifest_accepts_binary_mode_markers_and_comments()
    {
        var sums = Sha256Sums.Parse($"# comment\r\n{new string('A', 64)} *dir/x.gz\n\n{new string('b', 64)}  ./y.txt\n", "test");

        Assert.Equal(new string('a', 64), sums.Find("dir/x.gz"));
        Assert.Equal(new string('b', 64), sums.Find("y.txt"));
        Assert.Null(sums.Find("z"));
    }

    [Fact]
    public void Malformed_manifest_line_is_reported_with_its_number()
    {
        var e = Assert.Throws<DataFileException>(() => Sha256Sums.Parse($"{new string('a', 64)}  ok\nnot a sum\n", "SUMS"));

        Assert.Equal("SUMS", e.FilePath);
        Assert.Contains("line 2", e.Found);
    }

    [Fact]
    public void Real_shared_data_passes_as_a_whole_with_cifar_absent_and_optional()
    {
        var sets = new DataVerifier().VerifySets(SharedData.Root);

        var cifar = Assert.Single(sets, s => s.Name == "cifar10");
        Assert.Equal(DataSetPresence.Absent, cifar.Presence);
        Assert.False(cifar.Required);
        Assert.All(sets, s => Assert.True(s.Passed, $"{s.Name}: {s.Presence}"));
        Assert.Equal(DataSetPresence.Present, Assert.Single(sets, s => s.Name == "mnist").Presence);
    }

    [Fact]
    public void An_absent_optional_set_passes_and_an_absent_required_set_fails()
    {
        var sets = new DataVerifier([Named("wanted", new DataFileSpec("w.bin", 1, null)), Named("extra", new DataFileSpec("e.bin", 1, null))], required: ["wanted"])
            .VerifySets(_dir.Path);

        Assert.All(sets, s => Assert.Equal(DataSetPresence.Absent, s.Presence));
        Assert.False(sets[0].Passed);
        Assert.True(sets[1].Passed);
    }

    [Fact]
    public void A_set_with_some_files_missing_is_incomplete_and_fails_even_when_optional()
    {
        _dir.Write("a.bin", new byte[1]);
        var set = Assert.Single(new DataVerifier([Named("partial", new DataFileSpec("a.bin", 1, null), new DataFileSpec("b.bin", 1, null))], required: [])
            .VerifySets(_dir.Path));

        Assert.Equal(DataSetPresence.Incomplete, set.Presence);
        Assert.False(set.Passed);
    }

    [Fact]
    public void A_corrupt_file_fails_an_optional_set()
    {
        _dir.Write("a.bin", new byte[2]);
        var set = Assert.Single(new DataVerifier([Named("optional", new DataFileSpec("a.bin", 1, null))], required: []).VerifySets(_dir.Path));

        Assert.Equal(DataSetPresence.Present, set.Presence);
        Assert.False(set.Passed);
    }

    private static DataSetSpec Set(params DataFileSpec[] files) => new("test", files, []);

    private static DataSetSpec Named(string name, params DataFileSpec[] files) => new(name, files, []);
}
