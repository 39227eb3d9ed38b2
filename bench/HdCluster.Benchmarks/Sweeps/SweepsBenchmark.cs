using System.Globalization;
using HdCluster.Sweeps;

namespace HdCluster.Benchmarks.Sweeps;

/// <summary>
/// Sweep expansion at 10^4 to 10^6 cells: loading a grid and producing each of its cells once, lazily (cells built
/// on demand, none held) and eagerly (the old shape: every cell and id held), with the cells per second and the peak
/// managed heap of each, all measured in one run; then <c>hdc run</c> at 100,000 cells (<see cref="SweepRunBenchmark"/>).
/// </summary>
internal static class SweepsBenchmark
{
    public static int Run(int largest)
    {
        Console.WriteLine("Sweep expansion: load a grid (4 optimizers x 10 alpha_0 x 5 batch sizes x 50 seeds x N data sizes) and produce every cell once");
        Console.WriteLine("(CPU s counts every thread of the process: on a shared machine it is the steadier number; loading builds cells in parallel)");
        Console.WriteLine($"{"cells",10} {"expansion",-9} {"cells/s",10} {"seconds",8} {"CPU s",7} {"peak MiB",9}");
        for (var cells = 10_000; cells <= largest; cells *= 10)
        {
            var yaml = Grid(cells / 10_000);
            Print(cells, "lazy", Measure(() =>
            {
                var sweep = SweepFile.Parse(yaml, "bench.yaml");
                var ids = 0;
                foreach (var cell in sweep.Cells)
                {
                    ids += cell.Id.Length > 0 ? 1 : 0;
                }

                return ids;
            }));
            Print(cells, "eager", Measure(() => EagerExpansion.Expand(SweepFile.Parse(yaml, "bench.yaml")).Count));
        }

        SweepRunBenchmark.Run();
        return 0;
    }

    private static void Print(int cells, string how, (int Cells, double Seconds, double CpuSeconds, long PeakBytes) m) =>
        Console.WriteLine($"{cells,10:N0} {how,-9} {m.Cells / m.Seconds,10:N0} {m.Seconds,8:F2} {m.CpuSeconds,7:F2} {m.PeakBytes / 1048576.0,9:F0}");

    private static (int Cells, double Seconds, double CpuSeconds, long PeakBytes) Measure(Func<int> work)
    {
        var m = Heap.Measure(work);
        return (m.Result, m.Seconds, m.CpuSeconds, m.PeakBytes);
    }

    private static string Grid(int dataSizes) => $$"""
        fixed: {model: logreg, epochs: 1}
        grid:
          optimizer: ["sgd(lr={alpha_0})", "sgd_hd(lr={alpha_0}, beta=1e-3)", "adam(lr={alpha_0})", "adam_hd(lr={alpha_0}, beta=1e-7)"]
          alpha_0: [0.1, 0.05, 0.02, 0.01, 0.005, 0.002, 0.001, 0.0005, 0.0002, 0.0001]
          batch_size: [32, 64, 128, 256, 512]
          seed: [{{string.Join(", ", Enumerable.Range(1, 50))}}]
          train_limit: [{{string.Join(", ", Enumerable.Range(0, dataSizes).Select(i => (1000 + (10 * i)).ToString(CultureInfo.InvariantCulture)))}}]
        """;
}
