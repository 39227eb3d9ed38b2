using System.Diagnostics;

namespace HdCluster.Benchmarks;

/// <summary>Median wall time of a step after a warm-up: robust to the odd slow step (GC, page faults)
/// that a mean would smear over the result.</summary>
internal static class StepTimer
{
    public static double MedianMilliseconds(Action step, int warmup, int steps)
    {
        for (var i = 0; i < warmup; i++)
        {
            step();
        }

        var times = new double[steps];
        for (var i = 0; i < steps; i++)
        {
            var start = Stopwatch.GetTimestamp();
            step();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(times);
        return times[steps / 2];
    }
}
