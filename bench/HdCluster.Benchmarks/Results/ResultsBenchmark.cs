using System.Diagnostics;
using HdCluster.Results;

namespace HdCluster.Benchmarks.Results;

/// <summary>
/// The results store at sweep scale, old against new in one run: a sweep of <c>cells</c> cells, each written as
/// the engine writes a finished cell (its curves as one part, then its row as another, each flushed to disk
/// before it is renamed into place), then compacted and read back with a per-cell summary.
/// Old: DuckDB's appender + COPY per part, DuckDB-side compaction (<see cref="DuckDbAppenderStore"/>).
/// New: <see cref="ResultsStore"/> (Parquet.Net writes and compaction, DuckDB.NET queries).
/// </summary>
internal static class ResultsBenchmark
{
    /// <summary><paramref name="only"/> "old" or "new" runs one store alone (a quick rerun after a change).</summary>
    public static int Run(int cells, int rowsPerCell, string? only = null)
    {
        var root = Path.Combine(Path.GetTempPath(), $"hdc-bench-results-{Guid.NewGuid():N}");
        try
        {
            var oldStore = only is null or "old" ? MeasureOld(Path.Combine(root, "old"), cells, rowsPerCell) : null;
            var newStore = only is null or "new" ? MeasureNew(Path.Combine(root, "new"), cells, rowsPerCell) : null;
            Console.WriteLine($"Results store: {cells:N0} cells x {rowsPerCell:N0} curve rows ({(long)cells * rowsPerCell:N0} rows), one curves part and one cells part per cell");
            Console.WriteLine("Times are wall clock; CPU is this process's CPU time in the same phase (all threads), which a loaded machine distorts less.");
            Console.WriteLine($"{"store",-44} {"rows/s written",15} {"write s",8} {"(CPU s)",8} {"compact s",10} {"(CPU s)",8} {"summary s",10} {"(CPU s)",8} {"MiB",7}");
            if (oldStore is not null)
            {
                Print("old: DuckDB appender + COPY, DuckDB compaction", oldStore);
            }

            if (newStore is not null)
            {
                Print("new: Parquet.Net + DuckDB.NET (ResultsStore)", newStore);
            }

            if (oldStore is null || newStore is null)
            {
                return 0;
            }

            Console.WriteLine($"{"speed-up, new over old",-44} {newStore.RowsPerSecond / oldStore.RowsPerSecond,14:F1}x {oldStore.Write / newStore.Write,7:F1}x {oldStore.WriteCpu / newStore.WriteCpu,7:F1}x {oldStore.Compact / newStore.Compact,9:F1}x {oldStore.CompactCpu / newStore.CompactCpu,7:F1}x {oldStore.Summary / newStore.Summary,9:F1}x {oldStore.SummaryCpu / newStore.SummaryCpu,7:F1}x");
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static void Print(string label, Timings t) =>
        Console.WriteLine($"{label,-44} {t.RowsPerSecond,15:N0} {t.Write.TotalSeconds,8:F2} {t.WriteCpu.TotalSeconds,8:F2} {t.Compact.TotalSeconds,10:F2} {t.CompactCpu.TotalSeconds,8:F2} {t.Summary.TotalSeconds,10:F2} {t.SummaryCpu.TotalSeconds,8:F2} {t.Bytes / 1048576.0,7:F1}");

    private static Timings MeasureNew(string folder, int cells, int rowsPerCell)
    {
        using var store = new ResultsStore(folder);
        return Measure(folder, cells, rowsPerCell, store.AppendCurves, store.AppendCells, store.Compact, () => store.Query(SweepRows.SummarySql).Rows.Count);
    }

    private static Timings MeasureOld(string folder, int cells, int rowsPerCell)
    {
        using var store = new DuckDbAppenderStore(folder);
        return Measure(folder, cells, rowsPerCell, store.AppendCurves, store.AppendCells, store.Compact, () => store.QueryRowCount(SweepRows.SummarySql));
    }

    private static Timings Measure(string folder, int cells, int rowsPerCell, Action<ResultTable> appendCurves, Action<ResultTable> appendCells, Action compact, Func<int> summary)
    {
        var write = TimeSpan.Zero;
        var writeCpu = TimeSpan.Zero;
        long rows = 0;
        for (var cell = 0; cell < cells; cell++)
        {
            // Rows are built outside the clock: both stores take the same ResultTable.
            var curves = SweepRows.Curves(cell, rowsPerCell);
            var row = SweepRows.Cell(cell);
            var cpu = Cpu();
            var clock = Stopwatch.StartNew();
            appendCurves(curves);
            appendCells(row);
            write += clock.Elapsed;
            writeCpu += Cpu() - cpu;
            rows += curves.RowCount + row.RowCount;
        }

        var compactionCpu = Cpu();
        var compaction = Stopwatch.StartNew();
        compact();
        compaction.Stop();
        compactionCpu = Cpu() - compactionCpu;

        var queryCpu = Cpu();
        var query = Stopwatch.StartNew();
        var summaryRows = summary();
        query.Stop();
        queryCpu = Cpu() - queryCpu;
        if (summaryRows != cells)
        {
            throw new InvalidOperationException($"The summary has {summaryRows} rows, expected {cells}.");
        }

        var bytes = Directory.EnumerateFiles(folder, "*.parquet", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        return new Timings(rows / write.TotalSeconds, write, writeCpu, compaction.Elapsed, compactionCpu, query.Elapsed, queryCpu, bytes);
    }

    private static TimeSpan Cpu() => Process.GetCurrentProcess().TotalProcessorTime;

    private sealed record Timings(
        double RowsPerSecond, TimeSpan Write, TimeSpan WriteCpu, TimeSpan Compact, TimeSpan CompactCpu, TimeSpan Summary, TimeSpan SummaryCpu, long Bytes);
}
