using System.Diagnostics;
using Xunit.Abstractions;

namespace HdCluster.Results.Tests;

/// <summary>Sanity at sweep scale. Timings are printed for a reader, never asserted (shared CI machines vary).</summary>
public sealed class VolumeTests(ITestOutputHelper output)
{
    [Fact]
    public void Two_hundred_thousand_curve_rows_write_compact_and_aggregate()
    {
        const int cells = 50, steps = 4_000;
        using var temp = new TempFolder();
        using var store = new ResultsStore(temp.Path);
        var curves = Tables.Curves();
        for (var cell = 0; cell < cells; cell++)
        {
            for (var step = 0; step < steps; step++)
            {
                curves.AddRow($"cell-{cell:D3}", "a1", (long)step, 1.0 / (step + 1));
            }
        }

        var clock = Stopwatch.StartNew();
        store.AppendCurves(curves);
        var appended = clock.Elapsed;
        store.Compact();
        var compacted = clock.Elapsed - appended;
        var result = store.Query("SELECT count(*), count(DISTINCT cell_id), max(step) FROM curves").Rows.Single();
        var queried = clock.Elapsed - appended - compacted;

        Assert.Equal([(long)(cells * steps), (long)cells, (long)(steps - 1)], result);
        var size = new FileInfo(Path.Combine(temp.Path, "curves.parquet")).Length;
        output.WriteLine($"append {appended.TotalMilliseconds:F0} ms, compact {compacted.TotalMilliseconds:F0} ms, query {queried.TotalMilliseconds:F0} ms, curves.parquet {size / 1024} KiB");
    }
}
