namespace HdCluster.Engine.Tests;

/// <summary>Results that cannot be written: the sweep stops, says which cell and why, claims no cell it did not
/// write, and blames no other process.</summary>
public sealed class WriteFailureTests : IDisposable
{
    private readonly TempFolder folder = new();

    [Fact]
    public async Task AFailedParquetWriteStopsTheSweepWithoutClaimingTheCell()
    {
        var sweep = Sweeps.Tiny(folder, "unwritable", Sweeps.Seeds(2));
        var parts = Path.Combine(folder.Path, "unwritable", "parts");

        // Once training has started, the folder the parts go to becomes a file: every write fails, even as root
        // (which a read-only folder would not stop).
        var run = await SweepRuns.RunAsync(sweep, folder.Path, beforeGroupTrains: _ => File.WriteAllText(parts, "not a folder"));

        Assert.Equal((0, 0, 2, true), (run.Summary.Completed, run.Summary.Failed, run.Summary.NotRun, run.Summary.Stopped));
        Assert.StartsWith("cannot write the results of cell ", run.Summary.Fault, StringComparison.Ordinal);
        Assert.Contains(parts, run.Summary.Fault, StringComparison.Ordinal);
        Assert.DoesNotContain("another process", run.Summary.Fault, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(run.Observer.CellsFinished, f => f.Status == "completed");
    }

    public void Dispose() => folder.Dispose();
}
