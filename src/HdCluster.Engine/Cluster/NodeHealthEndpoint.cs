using System.Net;
using Akka.Actor;
using Serilog;

namespace HdCluster.Engine.Cluster;

/// <summary>
/// <c>/ready</c> and <c>/alive</c> on the management port, for Kubernetes probes: ready only while this node is an
/// Up member (joining, leaving, left or downed: 503), alive while its actor system runs. Served by HttpListener
/// because Akka.Management's HTTP server cannot start with the Ceen.Httpd our package source serves (0.9.10 lacks
/// the method Akka.Http.Shim 1.5.73 calls).
/// </summary>
public sealed class NodeHealthEndpoint : IAsyncDisposable
{
    public const string ReadyPath = "/ready";
    public const string AlivePath = "/alive";

    private readonly HttpListener listener = new();
    private readonly ActorSystem system;
    private readonly Task serving;

    private NodeHealthEndpoint(ActorSystem system, int port)
    {
        this.system = system;

        // Every interface: the kubelet probes the pod's IP.
        listener.Prefixes.Add($"http://*:{port}/");
        listener.Start();
        serving = ServeAsync();
    }

    public static NodeHealthEndpoint Start(ActorSystem system, int port, ILogger log)
    {
        try
        {
            return new NodeHealthEndpoint(system, port);
        }
        catch (HttpListenerException e)
        {
            throw new InvalidOperationException($"management_port {port}: cannot serve the health endpoints: {e.Message}", e);
        }
        finally
        {
            log.Debug("Health endpoints {Ready} and {Alive} on port {Port}", ReadyPath, AlivePath, port);
        }
    }

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        await serving.ConfigureAwait(false);
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var path = context.Request.Url?.AbsolutePath;
            bool? healthy = path switch
            {
                ReadyPath => NodeHealth.IsReady(system),
                AlivePath => NodeHealth.IsAlive(system),
                _ => null,
            };
            context.Response.StatusCode = healthy switch { true => 200, false => 503, null => 404 };
            var body = healthy switch { true => "ok\n"u8.ToArray(), false => "not ready\n"u8.ToArray(), null => "not found\n"u8.ToArray() };
            try
            {
                await context.Response.OutputStream.WriteAsync(body).ConfigureAwait(false);
                context.Response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
            {
                // The prober went away; the next probe asks again.
            }
        }
    }
}
