using HdCluster.Results;

namespace HdCluster.Reports.Tests;

public sealed class RunSummaryTests
{
    [Fact]
    public void Each_method_gets_its_best_cell_and_loss_and_how_its_cells_ended()
    {
        using var temp = new TempFolder();
        var cells = Sweeps.Quickstart();
        cells[1] = cells[1] with { Status = "diverged", DivergedAtStep = 30, FinalTrainLoss = double.NaN, FinalValidLoss = double.NaN };
        SyntheticSweep.Write(temp.Path, "quickstart", cells);
        using var store = new ResultsStore(temp.Path);

        var rows = RunSummary.BestPerMethod(store);

        Assert.Equal(["SGD", "SGD-HD", "Adam", "Adam-HD"], rows.Select(r => r.Method));

        // Each method's best is its alpha_0 = 0.001 cell: q4..q7, validation loss 0.45 / (1 + i).
        Assert.Equal(["q4", "q5", "q6", "q7"], rows.Select(r => r.BestCellId));
        Assert.Equal(0.45 / 5, rows[0].Loss, 12);
        Assert.All(rows, r => Assert.Equal("final validation loss", r.LossName));
        Assert.Equal((2, 1, 1), (rows[1].Cells, rows[1].Completed, rows[1].Diverged));
        Assert.Equal("sgd(lr=0.001, wd=1e-4)", rows[0].BestOptimizer);
    }

    [Fact]
    public void An_empty_store_has_no_rows()
    {
        using var temp = new TempFolder();
        using var store = new ResultsStore(temp.Path);

        Assert.Empty(RunSummary.BestPerMethod(store));
    }
}
