using System.Diagnostics;
using System.Globalization;
using HdCluster.Torch;
using F = HdCluster.Torch.torch.nn.functional;

namespace HdCluster.Benchmarks;

/// <summary>
/// One SGD training step of an MLP 784-1000-1000-10 (ReLU, batch 128, float32, cross-entropy) through
/// the managed API, against the same step written in C++ (bench/native/mlp_step.cpp), in one run.
/// </summary>
internal static class TorchStepBenchmark
{
    public static int Run(int warmup, int steps, int threads)
    {
        torch.set_num_threads(threads);
        // Alternate the two in rounds and keep each one's best median, so that load from other
        // processes on the machine penalises neither side more than the other.
        const int rounds = 3;
        var nativeRuns = new List<double>();
        var managedRuns = new List<double>();
        for (var r = 0; r < rounds; r++)
        {
            nativeRuns.Add(RunNativeTwin(warmup, steps, threads));
            managedRuns.Add(ManagedStep(warmup, steps));
        }

        var nativeBest = nativeRuns.Min();
        var managed = managedRuns.Min();

        Console.WriteLine($"MLP 784-1000-1000-10 SGD step, batch 128, float32, {threads} thread(s), best of 3 alternating rounds, each the median of {steps} steps after {warmup} warm-up");
        Console.WriteLine();
        Console.WriteLine("| implementation        | step time (ms) | ratio to native |");
        Console.WriteLine("|-----------------------|---------------:|----------------:|");
        Console.WriteLine($"| native C++ (libtorch) | {nativeBest,14:F3} | {1.0,15:F3} |");
        Console.WriteLine($"| managed (HdCluster)   | {managed,14:F3} | {managed / nativeBest,15:F3} |");
        Console.WriteLine();
        Console.WriteLine($"per-round medians (ms): native {string.Join(", ", nativeRuns.Select(v => v.ToString("F3", CultureInfo.InvariantCulture)))}; managed {string.Join(", ", managedRuns.Select(v => v.ToString("F3", CultureInfo.InvariantCulture)))}");
        Console.WriteLine("target: managed within 5% of native (ratio <= 1.05)");
        return 0;
    }

    /// <summary>The median step time of the managed MLP step at the current thread count.</summary>
    internal static double ManagedStep(int warmup, int steps)
    {
        torch.manual_seed(0);
        var parameters = new[]
        {
            Param(torch.randn([1000, 784]) * 0.03), Param(torch.zeros(1000)),
            Param(torch.randn([1000, 1000]) * 0.03), Param(torch.zeros(1000)),
            Param(torch.randn([10, 1000]) * 0.03), Param(torch.zeros(10)),
        };
        using var x = torch.randn([128, 784]);
        using var y = torch.randint(0, 10, [128]);
        const double lr = 0.01;

        void Step()
        {
            using var scope = torch.NewDisposeScope();
            var h = F.linear(x, parameters[0], parameters[1]).relu();
            h = F.linear(h, parameters[2], parameters[3]).relu();
            var loss = F.cross_entropy(F.linear(h, parameters[4], parameters[5]), y);
            loss.backward();
            using (torch.no_grad())
            {
                foreach (var p in parameters)
                {
                    p.add_(p.grad!, -lr);
                    p.grad = null;
                }
            }

            _ = loss.item();
        }

        var result = StepTimer.MedianMilliseconds(Step, warmup, steps);
        foreach (var p in parameters)
        {
            p.Dispose();
        }

        return result;
    }

    private static Tensor Param(Tensor initial)
    {
        using (initial)
        {
            return initial.detach().requires_grad_();
        }
    }

    internal static double RunNativeTwin(int warmup, int steps, int threads, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var exe = Path.Combine(Environment.GetEnvironmentVariable("HDC_NATIVE_DIR") ?? FindNativeDir(), "hdc_bench_native");
        if (!File.Exists(exe))
        {
            throw new FileNotFoundException($"the native benchmark twin '{exe}' is missing; build it with './hdc build'", exe);
        }

        var info = new ProcessStartInfo(exe, [warmup.ToString(CultureInfo.InvariantCulture), steps.ToString(CultureInfo.InvariantCulture), threads.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
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

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {exe}");
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{exe} exited with code {process.ExitCode}");
        }

        return double.Parse(output.Trim(), CultureInfo.InvariantCulture);
    }

    internal static string FindNativeDir()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "build", "native");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return AppContext.BaseDirectory;
    }
}
