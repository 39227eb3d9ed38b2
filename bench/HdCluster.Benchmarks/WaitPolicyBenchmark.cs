using System.Diagnostics;
using System.Globalization;
using HdCluster.Torch;
using HdCluster.Torch.Native;

namespace HdCluster.Benchmarks;

/// <summary>
/// The MLP 784-1000-1000-10 training step at 1 and 2 threads under each OpenMP wait policy: unset (what a user got
/// before the CLI set one), ACTIVE, and PASSIVE (what the CLI sets now). libgomp reads the policy once, when it
/// loads, so every setting runs in a child process of its own: this program for the managed step, the C++ twin
/// for the native one. Settings alternate over rounds and each keeps its best median, so load from other
/// processes penalises none more than the others.
/// </summary>
internal static class WaitPolicyBenchmark
{
    /// <summary>The child's mode: the managed step at the given threads, its median in ms on stdout.</summary>
    public const string ChildMode = "torch-step";

    private static readonly string?[] Policies = [null, "ACTIVE", ProcessPolicy.WaitPolicy];

    public static int Run(int warmup, int steps, int rounds)
    {
        int[] threadCounts = Environment.ProcessorCount >= 2 ? [1, 2] : [1];
        var managed = new Dictionary<(string?, int), double>();
        var native = new Dictionary<(string?, int), double>();
        for (var r = 0; r < rounds; r++)
        {
            foreach (var threads in threadCounts)
            {
                foreach (var policy in Policies)
                {
                    Keep(managed, (policy, threads), RunManagedChild(warmup, steps, threads, policy));
                    Keep(native, (policy, threads), TorchStepBenchmark.RunNativeTwin(warmup, steps, threads, PolicyEnvironment(policy)));
                }
            }
        }

        Console.WriteLine($"MLP 784-1000-1000-10 SGD step, batch 128, float32, on {Environment.ProcessorCount} cores: median of {steps} steps after {warmup} warm-up, best of {rounds} alternating rounds, each setting in a process of its own");
        Console.WriteLine();
        Console.WriteLine("| OMP_WAIT_POLICY           | threads | managed (ms) | native C++ (ms) |");
        Console.WriteLine("|---------------------------|--------:|-------------:|----------------:|");
        foreach (var threads in threadCounts)
        {
            foreach (var policy in Policies)
            {
                var label = policy is null ? "unset (before)" : policy == ProcessPolicy.WaitPolicy ? $"{policy} (after: hdc sets)" : policy;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {label,-25} | {threads,7} | {managed[(policy, threads)],12:F2} | {native[(policy, threads)],15:F2} |"));
            }
        }

        Console.WriteLine();
        Console.WriteLine("before: libgomp's default spins idle threads (300,000 iterations) while they wait; after: they sleep, leaving the core to the thread with work");
        return 0;
    }

    /// <summary>In the child: the step at <paramref name="threads"/>, under whatever policy the parent gave it.</summary>
    public static int RunChild(int warmup, int steps, int threads)
    {
        torch.set_num_threads(threads);
        Console.WriteLine(TorchStepBenchmark.ManagedStep(warmup, steps).ToString("R", CultureInfo.InvariantCulture));
        return 0;
    }

    private static void Keep(Dictionary<(string?, int), double> best, (string?, int) key, double value) =>
        best[key] = best.TryGetValue(key, out var old) ? Math.Min(old, value) : value;

    private static Dictionary<string, string?> PolicyEnvironment(string? policy) => new() { ["OMP_WAIT_POLICY"] = policy };

    private static double RunManagedChild(int warmup, int steps, int threads, string? policy)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        // Started as 'dotnet hdc-bench.dll', the process path is dotnet itself and the program must be named.
        if (Path.GetFileNameWithoutExtension(info.FileName) == "dotnet")
        {
            info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "hdc-bench.dll"));
        }

        foreach (var arg in new[] { ChildMode, warmup.ToString(CultureInfo.InvariantCulture), steps.ToString(CultureInfo.InvariantCulture), threads.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in PolicyEnvironment(policy))
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {info.FileName}");
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"the {ChildMode} child exited with code {process.ExitCode}");
        }

        return double.Parse(output.Trim(), CultureInfo.InvariantCulture);
    }
}
