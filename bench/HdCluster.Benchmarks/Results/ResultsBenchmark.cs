using System.Diagnostics;
using HdCluster.Engine.Aggregation;
using HdCluster.Results;

namespace HdCluster.Benchmarks.Results;

/// <summary>
/// The results store at sweep scale, old against new in one run: a sweep of <c>cells</c> cells written as the
/// engine writes finished cells, then compacted and read back with a per-cell summary.
/// Old: one cell at a time, its curves as one part then its row as another (each flushed to disk before it is
/// renamed into place), DuckDB's appender + COPY per part, DuckDB-side compaction (<see cref="DuckDbAppenderStore"/>).
/// New: <see cref="ResultsStore"/> (Parquet.Net writes and compaction, DuckDB.NET queries) fed as the
/// <see cref="Aggregator"/> feeds it when cells arrive faster than it writes (what a throughput measures): group
/// commit, the cells queued meanwhile in one curves part and one cells part, up to its caps per part.
/// </summary>
internal static class ResultsBenchmark
{
    private const int IdleSample = 500;

    /// <summary><paramref name="only"/> "old" or "new" runs one store alone (a quick rerun after a change).</summary>
    public static int Run(int cells, int rowsPerCell, string? only = null)
    {
        var root = Path.Combine(Path.GetTempPath(), $"hdc-bench-results-{Guid.NewGuid():N}");
        try
        {
            var startLoad = LoadAverage();
            var oldStore = only is null or "old" ? MeasureOld(Path.Combine(root, "old"), cells, rowsPerCell) : null;
            var newStore = only is null or "new" ? MeasureNew(Path.Combine(root, "new"), cells, rowsPerCell, CellsPerPart(rowsPerCell)) : null;

            // An idle aggregator writes each cell as it comes: the new store's floor, on a sample (each part costs a flush).
            var sample = Math.Min(cells, IdleSample);
            var idle = only is null or "new" ? MeasureNew(Path.Combine(root, "idle"), sample, rowsPerCell, cellsPerBatch: 1) : null;
            var cellsPerPart = CellsPerPart(rowsPerCell);
            Console.WriteLine($"Results store: {cells:N0} cells x {rowsPerCell:N0} curve rows ({(long)cells * rowsPerCell:N0} rows); load average {startLoad} at the start, {LoadAverage()} at the end ({Environment.ProcessorCount} cores)");
            Console.WriteLine("old: one cell at a time, one curves part and one cells part per cell (the engine before group commit)");
            Console.WriteLine($"new: group commit as the aggregator writes when cells queue up: up to {Aggregator.MaxCellsPerPart} cells or {Aggregator.MaxCurveRowsPerPart:N0} curve rows per part, here {cellsPerPart} cells per part ({(cells + cellsPerPart - 1) / cellsPerPart:N0} curves parts, as many cells parts)");
            Console.WriteLine("Times are wall clock; CPU is this process's CPU time in the same phase (all threads), which a loaded machine distorts less.");
            Console.WriteLine($"{"store",-44} {"rows/s written",15} {"write s",8} {"(CPU s)",8} {"compact s",10} {"(CPU s)",8} {"summary s",10} {"(CPU s)",8} {"MiB",7}");
            if (oldStore is not null)
            {
                Print("old: DuckDB appender + COPY, DuckDB compaction", oldStore);
            }

            if (newStore is not null)
            {
                Print("new: Parquet.Net, group commit, DuckDB.NET", newStore);
            }

            if (oldStore is not null && newStore is not null)
            {
                Console.WriteLine($"{"speed-up, new over old",-44} {newStore.RowsPerSecond / oldStore.RowsPerSecond,14:F1}x {oldStore.Write / newStore.Write,7:F1}x {oldStore.WriteCpu / newStore.WriteCpu,7:F1}x {oldStore.Compact / newStore.Compact,9:F1}x {oldStore.CompactCpu / newStore.CompactCpu,7:F1}x {oldStore.Summary / newStore.Summary,9:F1}x {oldStore.SummaryCpu / newStore.SummaryCpu,7:F1}x");
            }

            if (idle is not null)
            {
                Console.WriteLine(
                    $"new, one cell per part (an idle aggregator, first {sample:N0} cells): {idle.RowsPerSecond:N0} rows/s, write {idle.Write.TotalSeconds:F2} s ({idle.WriteCpu.TotalSeconds:F2} s CPU)" +
                    (oldStore is null ? "" : $", {idle.RowsPerSecond / oldStore.RowsPerSecond:F1}x the old store's rows/s"));
            }

            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static void Print(string label, Timings t) =>
        Console.WriteLine($"{label,-44} {t.RowsPerSecond,15:N0} {t.Write.TotalSeconds,8:F2} {t.WriteCpu.TotalSeconds,8:F2} {t.Compact.TotalSeconds,10:F2} {t.CompactCpu.TotalSeconds,8:F2} {t.Summary.TotalSeconds,10:F2} {t.SummaryCpu.TotalSeconds,8:F2} {t.Bytes / 1048576.0,7:F1}");

    /// <summary>How many cells of <paramref name="rowsPerCell"/> curve rows the aggregator writes as one part at most.</summary>
    private static int CellsPerPart(int rowsPerCell) =>
        Math.Max(1, Math.Min(Aggregator.MaxCellsPerPart, Aggregator.MaxCurveRowsPerPart / Math.Max(1, rowsPerCell)));

    private static Timings MeasureNew(string folder, int cells, int rowsPerCell, int cellsPerBatch)
    {
        using var store = new ResultsStore(folder);
        return Measure(folder, cells, rowsPerCell, cellsPerBatch, batch =>
        {
            store.AppendCurves(batch.Select(cell => cell.Curves).ToArray());
            store.AppendCells(batch.Select(cell => cell.Row).ToArray());
        }, store.Compact, () => store.Query(SweepRows.SummarySql).Rows.Count);
    }

    private static Timings MeasureOld(string folder, int cells, int rowsPerCell)
    {
        using var store = new DuckDbAppenderStore(folder);
        return Measure(folder, cells, rowsPerCell, cellsPerBatch: 1, batch =>
        {
            foreach (var (curves, row) in batch)
            {
                store.AppendCurves(curves);
                store.AppendCells(row);
            }
        }, store.Compact, () => store.QueryRowCount(SweepRows.SummarySql));
    }

    private static Timings Measure(
        string folder, int cells, int rowsPerCell, int cellsPerBatch, Action<IReadOnlyList<(ResultTable Curves, ResultTable Row)>> write, Action compact, Func<int> summary)
    {
        var writing = TimeSpan.Zero;
        var writeCpu = TimeSpan.Zero;
        long rows = 0;
        for (var first = 0; first < cells; first += cellsPerBatch)
        {
            // Rows are built outside the clock (the aggregator builds them from the workers' messages): both stores
            // take the same ResultTables.
            var batch = Enumerable.Range(first, Math.Min(cellsPerBatch, cells - first))
                .Select(cell => (Curves: SweepRows.Curves(cell, rowsPerCell), Row: SweepRows.Cell(cell)))
                .ToArray();
            var cpu = Cpu();
            var clock = Stopwatch.StartNew();
            write(batch);
            writing += clock.Elapsed;
            writeCpu += Cpu() - cpu;
            rows += batch.Sum(cell => cell.Curves.RowCount + cell.Row.RowCount);
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
        return new Timings(rows / writing.TotalSeconds, writing, writeCpu, compaction.Elapsed, compactionCpu, query.Elapsed, queryCpu, bytes);
    }

    private static TimeSpan Cpu() => Process.GetCurrentProcess().TotalProcessorTime;

    /// <summary>The 1, 5 and 15 minute load averages; other processes on the cores distort every wall time here.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private sealed record Timings(
        double RowsPerSecond, TimeSpan Write, TimeSpan WriteCpu, TimeSpan Compact, TimeSpan CompactCpu, TimeSpan Summary, TimeSpan SummaryCpu, long Bytes);
}
