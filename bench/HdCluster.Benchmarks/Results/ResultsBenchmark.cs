using System.Diagnostics;
using HdCluster.Results;

namespace HdCluster.Benchmarks.Results;

/// <summary>
/// The results store at sweep scale: a sweep of <c>cells</c> cells, each written as the engine writes
/// a finished cell (its curves as one part, then its row as another), then compacted and read back
/// with a per-cell summary, all measured in one run.
/// </summary>
internal static class ResultsBenchmark
{
    public static int Run(int cells, int rowsPerCell)
    {
        var root = Path.Combine(Path.GetTempPath(), $"hdc-bench-results-{Guid.NewGuid():N}");
        try
        {
            var store = Measure(Path.Combine(root, "store"), cells, rowsPerCell);
            Console.WriteLine($"Results store: {cells:N0} cells x {rowsPerCell:N0} curve rows ({(long)cells * rowsPerCell:N0} rows), one curves part and one cells part per cell");
            Console.WriteLine($"{"store",-28} {"rows/s written",15} {"write s",8} {"compact s",10} {"summary s",10} {"MiB",7}");
            Print("ResultsStore", store);
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static void Print(string label, Timings t) =>
        Console.WriteLine($"{label,-28} {t.RowsPerSecond,15:N0} {t.Write.TotalSeconds,8:F2} {t.Compact.TotalSeconds,10:F2} {t.Summary.TotalSeconds,10:F2} {t.Bytes / 1048576.0,7:F1}");

    private static Timings Measure(string folder, int cells, int rowsPerCell)
    {
        using var store = new ResultsStore(folder);
        var write = TimeSpan.Zero;
        long rows = 0;
        for (var cell = 0; cell < cells; cell++)
        {
            var curves = SweepRows.Curves(cell, rowsPerCell);
            var row = SweepRows.Cell(cell);
            var clock = Stopwatch.StartNew();
            store.AppendCurves(curves);
            store.AppendCells(row);
            write += clock.Elapsed;
            rows += curves.RowCount + row.RowCount;
        }

        var compact = Stopwatch.StartNew();
        store.Compact();
        compact.Stop();

        var summary = Stopwatch.StartNew();
        var result = store.Query(SweepRows.SummarySql);
        summary.Stop();
        if (result.Rows.Count != cells)
        {
            throw new InvalidOperationException($"The summary has {result.Rows.Count} rows, expected {cells}.");
        }

        var bytes = Directory.EnumerateFiles(folder, "*.parquet", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        return new Timings(rows / write.TotalSeconds, write, compact.Elapsed, summary.Elapsed, bytes);
    }

    private sealed record Timings(double RowsPerSecond, TimeSpan Write, TimeSpan Compact, TimeSpan Summary, long Bytes);
}
