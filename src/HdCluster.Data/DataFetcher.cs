using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;

namespace HdCluster.Data;

/// <summary>
/// Downloads catalogued data sets into a data root. Each download goes to "&lt;file&gt;.part";
/// an interrupted one resumes with an HTTP Range request (or restarts from zero when the server
/// ignores the range), and the file gets its final name only after its size and SHA-256 match
/// the catalog, so a file under its real name is always a verified one. Sources are tried in
/// order; a corrupt download is discarded, never resumed.
/// </summary>
public sealed class DataFetcher
{
    private const int BufferSize = 1 << 16;

    private readonly HttpClient _http;
    private readonly Uri? _baseUrl;

    /// <param name="http">The caller owns it and sets its timeouts.</param>
    /// <param name="baseUrl">
    /// When set, every download comes from baseUrl + its relative path instead of the official
    /// addresses: for a local mirror of the data folder, and for tests.
    /// </param>
    public DataFetcher(HttpClient http, Uri? baseUrl = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
        _baseUrl = baseUrl is null || baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
    }

    /// <summary>
    /// Makes every file of <paramref name="dataSet"/> present and verified under
    /// <paramref name="dataRoot"/>, downloading only what is missing or wrong.
    /// </summary>
    /// <exception cref="DataFileException">A file could not be fetched from any source, or an archive lacked a file.</exception>
    public async Task FetchAsync(DataSetSpec dataSet, string dataRoot, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSet);
        foreach (var download in dataSet.Downloads)
        {
            if (download.IsTarGz)
            {
                var unpacked = dataSet.Files.Where(f => !dataSet.Downloads.Any(d => d.RelativePath == f.RelativePath)).ToList();
                if (unpacked.All(f => IsValid(dataRoot, f)))
                {
                    continue;
                }

                var archive = await DownloadAsync(download, dataRoot, progress, cancellationToken).ConfigureAwait(false);
                await ExtractAsync(archive, dataRoot, unpacked, cancellationToken).ConfigureAwait(false);
                File.Delete(archive);
            }
            else if (!IsValid(dataRoot, new DataFileSpec(download.RelativePath, download.Size, download.Sha256)))
            {
                await DownloadAsync(download, dataRoot, progress, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Fetches one file to dataRoot/RelativePath and returns that path.</summary>
    /// <exception cref="DataFileException">Every source failed; the message lists why for each.</exception>
    public async Task<string> DownloadAsync(DownloadSpec download, string dataRoot, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(download);
        var target = Path.GetFullPath(Path.Combine(dataRoot, download.RelativePath));
        var part = target + ".part";
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        IReadOnlyList<Uri> sources = _baseUrl is null ? download.Sources : [new Uri(_baseUrl, download.RelativePath)];

        var failures = new List<(Uri Source, Exception Error)>();
        foreach (var source in sources)
        {
            try
            {
                await DownloadToPartAsync(source, download, part, progress, cancellationToken).ConfigureAwait(false);
                VerifyPart(download, part);
                File.Move(part, target, overwrite: true);
                return target;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is HttpRequestException or IOException or OperationCanceledException)
            {
                // OperationCanceledException without our token being cancelled is HttpClient's timeout.
                failures.Add((source, e));
            }
        }

        if (failures.Count == 0)
        {
            throw new ArgumentException($"No source for {download.RelativePath}.", nameof(download));
        }

        var found = string.Join("; ", failures.Select(f => $"{f.Source}: {f.Error.Message}"));
        Exception inner = failures.Count == 1 ? failures[0].Error : new AggregateException(failures.Select(f => f.Error));
        throw new DataFileException(target, $"{download.Size} bytes with SHA-256 {download.Sha256}", found, inner);
    }

    private async Task DownloadToPartAsync(Uri source, DownloadSpec download, string part, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var existing = File.Exists(part) ? new FileInfo(part).Length : 0;
        if (existing > download.Size)
        {
            File.Delete(part);
            existing = 0;
        }

        if (existing == download.Size)
        {
            // Complete from an earlier run that stopped before verifying; the checksum decides.
            return;
        }

        using var response = await SendAsync(source, existing, cancellationToken).ConfigureAwait(false);
        var resumed = existing > 0 && response.StatusCode == HttpStatusCode.PartialContent;
        if (!resumed)
        {
            // The server ignored the range and sent the whole file (200): start over.
            existing = 0;
        }

        var done = existing;
        progress?.Report(new DownloadProgress(download.RelativePath, done, download.Size));
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var file = new FileStream(part, resumed ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, BufferSize, useAsync: true);
            await using (file.ConfigureAwait(false))
            {
                var buffer = new byte[BufferSize];
                int n;
                while ((n = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    await file.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                    done += n;
                    progress?.Report(new DownloadProgress(download.RelativePath, done, download.Size));
                    if (done > download.Size)
                    {
                        // Stop reading: a server that keeps sending is not sending this file.
                        break;
                    }
                }
            }
        }
    }

    private async Task<HttpResponseMessage> SendAsync(Uri source, long from, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, source);
        if (from > 0)
        {
            request.Headers.Range = new RangeHeaderValue(from, null);
        }

        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        // A range the server cannot serve (416), or a different one than asked: take the whole file.
        var rangeUnusable = response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable
            || (response.StatusCode == HttpStatusCode.PartialContent && response.Content.Headers.ContentRange?.From != from);
        if (from > 0 && rangeUnusable)
        {
            response.Dispose();
            return await SendAsync(source, 0, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            response.EnsureSuccessStatusCode();
        }
        catch
        {
            response.Dispose();
            throw;
        }

        return response;
    }

    private static void VerifyPart(DownloadSpec download, string part)
    {
        var size = new FileInfo(part).Length;
        if (size < download.Size)
        {
            // Kept: the next attempt resumes from here.
            throw new DataFileException(part, $"{download.Size} bytes", $"{size}: the transfer ended early and will resume");
        }

        if (size > download.Size)
        {
            File.Delete(part);
            throw new DataFileException(part, $"{download.Size} bytes", $"more ({size}); the download was discarded");
        }

        var found = FileHash.Sha256(part);
        if (!FileHash.Same(found, download.Sha256))
        {
            File.Delete(part);
            throw new DataFileException(part, $"SHA-256 {download.Sha256.ToLowerInvariant()}", $"{found}; the download was discarded");
        }
    }

    private static bool IsValid(string dataRoot, DataFileSpec file) =>
        DataVerifier.Check(dataRoot, file, file.Sha256).Status == FileCheckStatus.Ok;

    /// <summary>
    /// Unpacks only the entries named like the data set's files, so an archive cannot write
    /// outside the data root; each lands under a temporary name first, like downloads.
    /// </summary>
    private static async Task ExtractAsync(string archive, string dataRoot, IReadOnlyList<DataFileSpec> files, CancellationToken cancellationToken)
    {
        var wanted = files.ToDictionary(f => f.RelativePath, StringComparer.Ordinal);
        var extracted = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            var stream = new GZipStream(File.OpenRead(archive), CompressionMode.Decompress);
            await using (stream.ConfigureAwait(false))
            {
                var tar = new TarReader(stream);
                await using (tar.ConfigureAwait(false))
                {
                    while (await tar.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
                    {
                        var name = entry.Name.Replace('\\', '/');
                        name = name.StartsWith("./", StringComparison.Ordinal) ? name[2..] : name;
                        if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || !wanted.ContainsKey(name))
                        {
                            continue;
                        }

                        var target = Path.Combine(dataRoot, name);
                        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                        await entry.ExtractToFileAsync(target + ".part", overwrite: true, cancellationToken).ConfigureAwait(false);
                        File.Move(target + ".part", target, overwrite: true);
                        extracted.Add(name);
                    }
                }
            }
        }
        catch (InvalidDataException e)
        {
            throw new DataFileException(archive, "a valid tar.gz archive", $"corrupt data ({e.Message})", e);
        }

        var absent = files.Where(f => !extracted.Contains(f.RelativePath)).Select(f => f.RelativePath).ToList();
        if (absent.Count > 0)
        {
            throw new DataFileException(archive, "entries " + string.Join(", ", absent), "an archive without them");
        }

        foreach (var file in files)
        {
            var check = DataVerifier.Check(dataRoot, file, file.Sha256);
            if (check.Status != FileCheckStatus.Ok)
            {
                throw new DataFileException(Path.Combine(dataRoot, file.RelativePath), "the file as catalogued", check.Detail);
            }
        }
    }
}
