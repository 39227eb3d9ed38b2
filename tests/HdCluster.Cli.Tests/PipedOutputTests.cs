using HdCluster.Data;

namespace HdCluster.Cli.Tests;

/// <summary>Into a pipe, Spectre would assume 80 columns and wrap every wider table row over several lines.</summary>
public sealed class PipedOutputTests : IDisposable
{
    private readonly TempFolder work = new();

    public void Dispose() => work.Dispose();

    [Fact]
    public void A_table_wider_than_80_columns_keeps_each_row_on_one_line_in_a_pipe()
    {
        var root = new DataRootResolver().Resolve(null, null).Path;

        using var hdc = HdcProcess.Start(work.Path, "data", "verify", "--data", root);
        var outcome = new CliOutcome(hdc.WaitForExit(HdcProcess.Bound), hdc.Stdout, hdc.Stderr);

        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        var row = Assert.Single(outcome.Stdout.Split('\n'), l => l.Contains("train-images-idx3-ubyte.gz", StringComparison.Ordinal));
        Assert.True(row.Length > 80, row);
        Assert.Contains("as expected", row, StringComparison.Ordinal);
        Assert.Contains("present: mnist, tinyshakespeare; absent: cifar10", outcome.Stdout, StringComparison.Ordinal);
    }
}
