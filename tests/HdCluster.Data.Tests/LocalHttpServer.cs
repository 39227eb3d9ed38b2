using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace HdCluster.Data.Tests;

/// <summary>A request as the server saw and answered it.</summary>
internal sealed record ServedRequest(string Path, string? Range, int Status, long BodyBytes);

/// <summary>
/// A minimal HTTP/1.1 file server on 127.0.0.1 for fetcher tests: GET only, one request per
/// connection, optional Range support, and a switch to cut the next response short.
/// </summary>
internal sealed class LocalHttpServer : IDisposable
{
    private static readonly TimeSpan ConnectionTimeout = TimeSpan.FromSeconds(10);

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, byte[]> _files = new();
    private readonly Task _acceptLoop;
    private long _dropNextAfter = -1;

    public LocalHttpServer()
    {
        _listener.Start();
        BaseUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public Uri BaseUrl { get; }

    public bool HonourRange { get; set; } = true;

    public ConcurrentQueue<ServedRequest> Requests { get; } = new();

    public void Serve(string path, byte[] content) => _files[path] = content;

    /// <summary>The next response announces its full length but sends only this many body bytes, then hangs up.</summary>
    public void DropNextResponseAfter(long bytes) => Interlocked.Exchange(ref _dropNextAfter, bytes);

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _acceptLoop.Wait(TimeSpan.FromSeconds(5));
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(client));
        }
    }

    private async Task HandleAsync(TcpClient client)
    {
        using var _ = client;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(ConnectionTimeout);
        try
        {
            var stream = client.GetStream();
            var head = await ReadHeadAsync(stream, timeout.Token);
            var lines = head.Split("\r\n");
            var path = Uri.UnescapeDataString(lines[0].Split(' ')[1].TrimStart('/'));
            var range = lines.Skip(1)
                .Where(l => l.StartsWith("Range:", StringComparison.OrdinalIgnoreCase))
                .Select(l => l["Range:".Length..].Trim())
                .FirstOrDefault();

            if (!_files.TryGetValue(path, out var content))
            {
                Requests.Enqueue(new ServedRequest(path, range, 404, 0));
                await WriteHeadAsync(stream, "404 Not Found", 0, null, timeout.Token);
                return;
            }

            long from = 0;
            if (range is not null && HonourRange)
            {
                from = long.Parse(range["bytes=".Length..].TrimEnd('-'), CultureInfo.InvariantCulture);
                if (from >= content.Length)
                {
                    Requests.Enqueue(new ServedRequest(path, range, 416, 0));
                    await WriteHeadAsync(stream, "416 Range Not Satisfiable", 0, $"Content-Range: bytes */{content.Length}", timeout.Token);
                    return;
                }
            }

            var body = content.AsMemory((int)from);
            var drop = Interlocked.Exchange(ref _dropNextAfter, -1);
            var sent = drop >= 0 ? body[..(int)Math.Min(drop, body.Length)] : body;
            var partial = range is not null && HonourRange;

            // Recorded before sending: the client may finish before this task resumes.
            Requests.Enqueue(new ServedRequest(path, range, partial ? 206 : 200, sent.Length));
            await WriteHeadAsync(
                stream,
                partial ? "206 Partial Content" : "200 OK",
                body.Length,
                partial ? $"Content-Range: bytes {from}-{content.Length - 1}/{content.Length}" : null,
                timeout.Token);
            await stream.WriteAsync(sent, timeout.Token);
            await stream.FlushAsync(timeout.Token);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client hung up or the server is stopping; nothing to answer.
        }
    }

    private static async Task<string> ReadHeadAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        var length = 0;
        while (length < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (n == 0)
            {
                throw new IOException("Connection closed before the request head ended.");
            }

            length += n;
            var end = buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                return Encoding.ASCII.GetString(buffer, 0, end);
            }
        }

        throw new IOException("Request head too long.");
    }

    private static async Task WriteHeadAsync(NetworkStream stream, string status, long contentLength, string? extraHeader, CancellationToken cancellationToken)
    {
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {contentLength}\r\n")
            .Append("Connection: close\r\n");
        if (extraHeader is not null)
        {
            head.Append(extraHeader).Append("\r\n");
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()), cancellationToken);
    }
}
