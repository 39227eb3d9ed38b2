using System.Diagnostics;

namespace HdCluster.Benchmarks.Sweeps;

/// <summary>Time, CPU time and managed heap of one piece of work: the peak, sampled every few milliseconds on a thread
/// of its own while the work runs, and what its result still holds after a full collection.</summary>
internal static class Heap
{
    public static (T Result, double Seconds, double CpuSeconds, long PeakBytes, long KeptBytes) Measure<T>(Func<T> work)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var peak = baseline;
        using var done = new ManualResetEventSlim();
        var sampler = new Thread(() =>
        {
            while (!done.Wait(2))
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
            }
        })
        { IsBackground = true };
        sampler.Start();
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var result = work();
        var seconds = clock.Elapsed.TotalSeconds;
        process.Refresh();
        var cpuSeconds = (process.TotalProcessorTime - cpu).TotalSeconds;
        done.Set();
        sampler.Join();
        peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
        var kept = GC.GetTotalMemory(forceFullCollection: true) - baseline;
        GC.KeepAlive(result);
        return (result, seconds, cpuSeconds, Math.Max(0, peak - baseline), Math.Max(0, kept));
    }
}
