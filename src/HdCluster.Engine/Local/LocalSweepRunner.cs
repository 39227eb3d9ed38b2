using Akka.Actor;
using Akka.Hosting;
using HdCluster.Engine.Coordination;
using HdCluster.Engine.Status;
using HdCluster.Engine.Workers;
using HdCluster.Sweeps;
using HdCluster.Torch;

namespace HdCluster.Engine.Local;

/// <summary>
/// Runs one sweep on a started local engine (<see cref="LocalEngine"/>) and returns its summary. Compatible cells
/// train as fused groups as the sweep's <c>fuse:</c> setting allows; cells already done in the results folder are
/// skipped, so a stopped or crashed run is resumed by running it again. Cancelling stops the sweep cleanly: cells in
/// flight stop at their next batch and are not written.
/// </summary>
public static class LocalSweepRunner
{
    public static async Task<SweepSummary> RunAsync(ActorSystem system, IReadOnlyActorRegistry registry, Sweep sweep, SweepRunOptions options, ISweepObserver observer, CancellationToken cancellation)
    {
        var coordinator = registry.Get<SweepCoordinator>();
        var planningDevice = PlanningDevice(options.Devices);
        var definition = SweepDefinition.Of(sweep, planningDevice, DeviceMemory.Free(planningDevice));
        var ended = new TaskCompletionSource<SweepSummary>(TaskCreationOptions.RunContinuationsAsynchronously);
        var workers = options.Slots(Environment.MachineName).Select(s => s.Name).ToList();
        system.ActorOf(Props.Create(() => new SweepWatcher(coordinator, new SweepSubmitted(definition, options.MaxAttempts), workers, observer, ended)));
        await using (cancellation.Register(() => coordinator.Tell(new SweepCancelled(sweep.Name))))
        {
            return await ended.Task.ConfigureAwait(false);
        }
    }

    // Groups are sized for the weakest device a group may land on: any CPU slot makes it a CPU plan.
    private static string PlanningDevice(IReadOnlyList<string> devices) =>
        devices.FirstOrDefault(d => Device.Parse(d).Type == DeviceType.CPU) ?? devices.FirstOrDefault() ?? "cpu";
}
