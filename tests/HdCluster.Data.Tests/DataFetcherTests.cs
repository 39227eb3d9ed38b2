using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;

namespace HdCluster.Data.Tests;

public sealed class DataFetcherTests : IDisposable
{
    private const string FilePath = "set/file.bin";

    private readonly LocalHttpServer _server = new();
    private readonly TempDirectory _dir = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(15) };
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));
    private readonly byte[] _content = Content(300_000, seed: 1);

    public void Dispose()
    {
        _timeout.Dispose();
        _http.Dispose();
        _server.Dispose();
        _dir.Dispose();
    }

    private string Target => Path.Combine(_dir.Path, FilePath);

    private static byte[] Content(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>A one-file data set whose official address must never be used.</summary>
    private static DataSetSpec OneFile(byte[] content, string? sha = null)
    {
        sha ??= Sha(content);
        return new DataSetSpec(
            "test",
            [new DataFileSpec(FilePath, content.Length, sha)],
            [new DownloadSpec(FilePath, content.Length, sha, [new Uri("http://127.0.0.1:9/unused")])]);
    }

    private DataFetcher Fetcher() => new(_http, _server.BaseUrl);

    [Fact]
    public async Task Downloads_and_verifies_a_file_reporting_progress_up_to_its_size()
    {
        _server.Serve(FilePath, _content);
        var progress = new RecordingProgress();

        await Fetcher().FetchAsync(OneFile(_content), _dir.Path, progress, _timeout.Token);

        Assert.Equal(_content, File.ReadAllBytes(Target));
        Assert.False(File.Exists(Target + ".part"));
        var reports = progress.Reports;
        Assert.Equal(0, reports[0].BytesDone);
        Assert.Equal(new DownloadProgress(FilePath, _content.Length, _content.Length), reports[^1]);
        Assert.All(reports.Zip(reports.Skip(1)), p => Assert.True(p.First.BytesDone <= p.Second.BytesDone));
    }

    [Fact]
    public async Task A_verified_file_is_not_downloaded_again()
    {
        _server.Serve(FilePath, _content);
        await Fetcher().FetchAsync(OneFile(_content), _dir.Path, null, _timeout.Token);

        await Fetcher().FetchAsync(OneFile(_content), _dir.Path, null, _timeout.Token);

        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task The_real_catalog_entry_for_tiny_shakespeare_fetches_from_a_mirror()
    {
        var text = File.ReadAllBytes(Path.Combine(SharedData.Root, TinyShakespeare.RelativePath));
        _server.Serve(TinyShakespeare.RelativePath, text);

        await Fetcher().FetchAsync(DataCatalog.TinyShakespeare, _dir.Path, null, _timeout.Token);

        Assert.Equal(65, TinyShakespeare.Load(_dir.Path).Vocabulary.Count);
    }

    [Fact]
    public async Task A_partial_file_is_resumed_with_a_range_request()
    {
        _server.Serve(FilePath, _content);
        File.WriteAllBytes(_dir.File(FilePath + ".part"), _content[..100_000]);
        var progress = new RecordingProgress();

        await Fetcher().FetchAsync(OneFile(_content), _dir.Path, progress, _timeout.Token);

        Assert.Equal(_content, File.ReadAllBytes(Target));
        var request = Assert.Single(_server.Requests);
        Assert.Equal("bytes=100000-", request.Range);
        Assert.Equal(206, request.Status);
        Assert.Equal(200_000, request.BodyBytes);
        Assert.Equal(100_000, progress.Reports[0].BytesDone);
    }

    [Fact]
    public async Task A_server_ignoring_the_range_makes_the_download_restart_from_zero()
    {
        _server.Serve(FilePath, _content);
        _server.HonourRange = false;
        // Garbage in the partial file: appending to it would fail the checksum.
        File.WriteAllBytes(_dir.File(FilePath + ".part"), Content(100_000, seed: 2));

        await Fetcher().FetchAsync(OneFile(_content), _dir.Path, null, _timeout.Token);

        Assert.Equal(_content, File.ReadAllBytes(Target));
        var request = Assert.Single(_server.Requests);
        Assert.Equal("bytes=100000-", request.Range);
        Assert.Equal(200, request.Status);
    }

    [Fact]
    public async Task An_interrupted_download_fails_keeps_its_part_and_resumes_next_time()
    {
        _server.Serve(FilePath, _content);
        _server.DropNextResponseAfter(120_000);

        var e = await Assert.ThrowsAsync<DataFileException>(() => Fetcher().FetchAsync(OneFile(_content), _dir.Path, null, _timeout.Token));
        Assert.False(File.Exists(Target), e.Message);
        var kept = new FileInfo(Target + ".part").Length;
        Assert.InRange(kept, 1, _content.Length - 1);

        await Fetcher().FetchAsync(OneFile(_content), _dir.Path, null, _timeout.Token);

        Assert.Equal(_content, File.ReadAllBytes(Target));
        Assert.Equal($"bytes={kept}-", _server.Requests.Last().Range);
    }

    [Fact]
    public async Task A_checksum_mismatch_leaves_no_file_and_names_both_hashes()
    {
        var served = Content(_content.Length, seed: 3);
        _server.Serve(FilePath, served);

        var e = await Assert.ThrowsAsync<DataFileException>(() => Fetcher().FetchAsync(OneFile(_content), _dir.Path, null, _timeout.Token));

        Assert.False(File.Exists(Target));
        Assert.False(File.Exists(Target + ".part"));
        Assert.Equal(Target, e.FilePath);
        Assert.Contains(Sha(_content), e.Message);
        Assert.Contains(Sha(served), e.Message);
        Assert.Contains("discarded", e.Message);
    }

    [Fact]
    public async Task The_next_source_is_tried_when_one_fails()
    {
        _server.Serve(FilePath, _content);
        var sha = Sha(_content);
        var spec = new DataSetSpec(
            "test",
            [new DataFileSpec(FilePath, _content.Length, sha)],
            [new DownloadSpec(FilePath, _content.Length, sha, [new Uri(_server.BaseUrl, "gone.bin"), new Uri(_server.BaseUrl, FilePath)])]);

        await new DataFetcher(_http).FetchAsync(spec, _dir.Path, null, _timeout.Token);

        Assert.Equal(_content, File.ReadAllBytes(Target));
        Assert.Equal([404, 200], _server.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task When_every_source_fails_the_error_lists_them()
    {
        var e = await Assert.ThrowsAsync<DataFileException>(() => Fetcher().FetchAsync(OneFile(_content), _dir.Path, null, _timeout.Token));

        Assert.Contains(new Uri(_server.BaseUrl, FilePath).ToString(), e.Found);
        Assert.Contains("404", e.Found);
    }

    [Fact]
    public async Task An_archive_is_unpacked_to_the_catalogued_files_and_then_deleted()
    {
        var batch = CifarFiles.Batch(0, 4);
        var archive = TarGz(
            ("cifar-10-batches-bin/test_batch.bin", batch),
            ("cifar-10-batches-bin/readme.html", [1, 2, 3]),
            ("../escape.bin", [4]));
        _server.Serve("mini.tar.gz", archive);
        var spec = new DataSetSpec(
            "mini-cifar",
            [new DataFileSpec(Cifar10.TestPath, batch.Length, null)],
            [new DownloadSpec("mini.tar.gz", archive.Length, Sha(archive), [new Uri("http://127.0.0.1:9/unused")], IsTarGz: true)]);

        await Fetcher().FetchAsync(spec, _dir.Path, null, _timeout.Token);

        Assert.Equal(4, Cifar10.LoadTest(_dir.Path).Count);
        Assert.False(File.Exists(Path.Combine(_dir.Path, "mini.tar.gz")));
        Assert.False(File.Exists(Path.Combine(_dir.Path, Cifar10.Folder, "readme.html")));
        Assert.False(File.Exists(Path.Combine(_dir.Path, "..", "escape.bin")));
    }

    [Fact]
    public async Task An_archive_without_a_catalogued_file_is_an_error()
    {
        var archive = TarGz(("other.bin", [1]));
        _server.Serve("mini.tar.gz", archive);
        var spec = new DataSetSpec(
            "mini",
            [new DataFileSpec("wanted.bin", 1, null)],
            [new DownloadSpec("mini.tar.gz", archive.Length, Sha(archive), [], IsTarGz: true)]);

        var e = await Assert.ThrowsAsync<DataFileException>(() => Fetcher().FetchAsync(spec, _dir.Path, null, _timeout.Token));

        Assert.Contains("wanted.bin", e.Expected);
    }

    [Fact]
    public void The_catalog_points_at_the_official_addresses()
    {
        Assert.Equal(
            "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz",
            Assert.Single(Assert.Single(DataCatalog.Cifar10.Downloads).Sources).ToString());
        Assert.All(DataCatalog.Mnist.Downloads, d =>
        {
            Assert.Equal("yann.lecun.com", d.Sources[0].Host);
            Assert.Equal("ossci-datasets.s3.amazonaws.com", d.Sources[1].Host);
        });
        Assert.Equal("raw.githubusercontent.com", DataCatalog.TinyShakespeare.Downloads[0].Sources[0].Host);
        Assert.Same(DataCatalog.Mnist, DataCatalog.Find("MNIST"));
    }

    private static byte[] TarGz(params (string Name, byte[] Content)[] entries)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) });
            }
        }

        return output.ToArray();
    }
}
