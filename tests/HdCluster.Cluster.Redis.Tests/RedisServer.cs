using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace HdCluster.Cluster.Redis.Tests;

/// <summary>
/// A real redis-server (Debian's) on 127.0.0.1, a free port and its own data folder, with a password and the
/// append-only file on (fsync at every write), and no RDB snapshots. Killed on dispose.
/// </summary>
internal sealed class RedisServer : IDisposable
{
    private readonly string folder;
    private Process? process;

    public RedisServer(string folder, string password)
    {
        this.folder = folder;
        Password = password;
        Port = FreePort();
        Directory.CreateDirectory(folder);
        Start();
    }

    public int Port { get; }

    public string Password { get; }

    public string Endpoint => $"127.0.0.1:{Port}";

    /// <summary>Stops the server abruptly (SIGKILL: no shutdown save) and starts it again on the same port and folder.</summary>
    public void KillAndRestart()
    {
        process!.Kill();
        process.WaitForExit(10_000);
        process.Dispose();
        Start();
    }

    public void Dispose()
    {
        if (process is { HasExited: false })
        {
            process.Kill();
            process.WaitForExit(10_000);
        }

        process?.Dispose();
    }

    private void Start()
    {
        var info = new ProcessStartInfo("redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--port", Port.ToString(), "--bind", "127.0.0.1", "--dir", folder, "--appendonly", "yes", "--appendfsync", "always",
            "--requirepass", Password, "--save", "", "--logfile", Path.Combine(folder, "redis.log"),
        })
        {
            info.ArgumentList.Add(arg);
        }

        process = Process.Start(info) ?? throw new InvalidOperationException("cannot start redis-server");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited at once: {File.ReadAllText(Path.Combine(folder, "redis.log"))}");
            }

            if (Listening())
            {
                return;
            }

            Thread.Sleep(50);
        }

        throw new TimeoutException($"redis-server did not listen on {Endpoint} within 20 s");
    }

    private bool Listening()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
