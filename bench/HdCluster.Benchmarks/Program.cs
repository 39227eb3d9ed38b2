using System.Globalization;
using HdCluster.Benchmarks;
using HdCluster.Benchmarks.Results;
using HdCluster.Benchmarks.Sweeps;
using HdCluster.Torch.Native;

// Benchmarks print tables of ratios measured in one run; they are never timed unit tests.
var name = args.Length > 0 ? args[0] : "help";
int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;

// The process policy the CLI applies, so benchmarks measure what users get; except in the wait-policy
// benchmark's child, which measures the policy its parent gave it, unset included.
if (name != WaitPolicyBenchmark.ChildMode)
{
    ProcessPolicy.Apply();
}

return name switch
{
    "torch" => WaitPolicyBenchmark.Run(warmup: Arg(1, 10), steps: Arg(2, 50), rounds: Arg(3, 3)),
    WaitPolicyBenchmark.ChildMode => WaitPolicyBenchmark.RunChild(warmup: Arg(1, 10), steps: Arg(2, 50), threads: Arg(3, 1)),
    "torch-native" => TorchStepBenchmark.Run(warmup: Arg(1, 10), steps: Arg(2, 50), threads: Arg(3, Environment.ProcessorCount)),
    "optimizers" => OptimizerStepBenchmark.Run(warmup: Arg(1, 20), steps: Arg(2, 200), threads: Arg(3, Environment.ProcessorCount)),
    "fused" => FusedBenchmark.Run(steps: Arg(1, 100), threads: Arg(2, Environment.ProcessorCount), only: args.Length > 3 ? args[3] : null),
    "results" => ResultsBenchmark.Run(cells: Arg(1, 10_000), rowsPerCell: Arg(2, 1_000), only: args.Length > 3 ? args[3] : null),
    "sweeps" => SweepsBenchmark.Run(largest: Arg(1, 1_000_000)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: hdc-bench torch [WARMUP STEPS ROUNDS] | torch-native|optimizers [WARMUP STEPS THREADS] | fused [STEPS THREADS GRID] | results [CELLS ROWS_PER_CELL old|new] | sweeps [LARGEST]");
    return 2;
}
