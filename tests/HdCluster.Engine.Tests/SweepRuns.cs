using Akka.Actor;
using Akka.Hosting;
using HdCluster.Engine.Local;
using HdCluster.Engine.Status;
using HdCluster.Sweeps;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HdCluster.Engine.Tests;

/// <summary>What one in-process run of a sweep produced.</summary>
public sealed record SweepRun(SweepSummary Summary, RecordingObserver Observer, LogEvents Log);

/// <summary>Runs sweeps in this process on the CPU through the local engine, composed as the CLI composes it
/// (Akka.Hosting), each bounded in time so that a hang fails instead of stalling CI.</summary>
internal static class SweepRuns
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);

    /// <param name="arrange">Sees the observer and the run's cancellation before the run starts (to cancel on an event).</param>
    public static async Task<SweepRun> RunAsync(
        Sweep sweep,
        string resultsRoot,
        int slots = 1,
        int maxAttempts = 3,
        string? dataRoot = null,
        Action<RecordingObserver, CancellationTokenSource>? arrange = null,
        Action<string>? beforeGroupTrains = null)
    {
        var observer = new RecordingObserver();
        var log = new LogEvents();
        using var cancellation = new CancellationTokenSource();
        arrange?.Invoke(observer, cancellation);
        var options = new SweepRunOptions(resultsRoot, dataRoot ?? TestPaths.DataRoot, ["cpu"], slots, maxAttempts) { BeforeGroupTrains = beforeGroupTrains };
        using var host = await StartAsync(options, log);
        try
        {
            var summary = await LocalSweepRunner.RunAsync(host.Services.GetRequiredService<ActorSystem>(), host.Services.GetRequiredService<ActorRegistry>(), sweep, options, observer, cancellation.Token).WaitAsync(Bound);
            return new SweepRun(summary, observer, log);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    public static async Task<IHost> StartAsync(SweepRunOptions options, LogEvents log)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddAkka("hdc-test", akka => akka.WithLocalSweepEngine(options, log.Logger));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
