using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace HdCluster.Benchmarks.Sweeps;

/// <summary><c>hdc run</c> as a child process, watched until its first cell finishes and then stopped as Ctrl+C stops it.</summary>
internal static partial class CliRun
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(5);

    /// <param name="AcceptedSeconds">From the start to the line saying how many cells are done before.</param>
    /// <param name="FirstCellSeconds">From the start to the first cell's line.</param>
    /// <param name="CpuSeconds">The child's CPU time then (every thread).</param>
    /// <param name="PeakRssBytes">The child's peak resident memory then (VmHWM).</param>
    public sealed record Outcome(double AcceptedSeconds, double FirstCellSeconds, double CpuSeconds, long PeakRssBytes);

    public static Outcome UntilFirstCell(string cli, string sweep, string results)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { cli, "run", sweep, "--out", results, "--slots", "2" })
        {
            start.ArgumentList.Add(arg);
        }

        var clock = Stopwatch.StartNew();
        using var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException($"could not start {cli}");
        var errors = process.StandardError.ReadToEndAsync();
        double? accepted = null;
        try
        {
            while (process.StandardOutput.ReadLine() is { } line)
            {
                if (clock.Elapsed > Bound)
                {
                    throw new TimeoutException($"hdc run finished no cell within {Bound}");
                }

                if (accepted is null && line.Contains("done before", StringComparison.Ordinal))
                {
                    accepted = clock.Elapsed.TotalSeconds;
                }

                if (FinishedCell().IsMatch(line))
                {
                    var outcome = new Outcome(accepted ?? double.NaN, clock.Elapsed.TotalSeconds, CpuSeconds(process.Id), PeakRss(process.Id));
                    Stop(process);
                    return outcome;
                }
            }

            process.WaitForExit();
            throw new InvalidOperationException($"hdc run ended (exit {process.ExitCode}) before any cell finished: {errors.Result}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    // As Ctrl+C: the run stops handing out cells and keeps what finished; killed if it has not ended in a minute.
    private static void Stop(System.Diagnostics.Process process)
    {
        const int SigInt = 2;
        _ = Kill(process.Id, SigInt);
        if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            process.Kill(entireProcessTree: true);
        }
    }

    private static long PeakRss(int pid) =>
        File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)) is { } line
            ? long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024
            : -1;

    // utime + stime, fields 14 and 15 of /proc/PID/stat (after the command name, which may hold spaces), in clock ticks.
    private static double CpuSeconds(int pid)
    {
        var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        const double TicksPerSecond = 100;
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);

    [GeneratedRegex(@"^\[\d+/\d+\] \S+ (completed|diverged|failed)")]
    private static partial Regex FinishedCell();
}
