using HdCluster.Reports.Data;
using HdCluster.Results;

namespace HdCluster.Reports.Tests.Data;

public sealed class ResultsDataTests
{
    [Fact]
    public void Cells_curves_variables_and_hyperparameters_are_read_by_name()
    {
        using var temp = new TempFolder();
        SyntheticSweep.Write(temp.Path, "s",
            new SyntheticCell("c1", "sgd_hd(lr=0.01, beta=1e-3)")
            {
                Variables = { ["alpha_0"] = 0.01 },
                FinalTrainLoss = 0.3,
                FinalValidLoss = 0.25,
                Hyperparameters = { ["L1.lr"] = step => 0.01 + (step * 1e-5) },
            });
        using var store = new ResultsStore(temp.Path);

        var data = ResultsData.Load(store);

        var cell = Assert.Single(data.Cells);
        Assert.Equal("SGD-HD", cell.Method.Label);
        Assert.Equal(0.01, cell.Number("alpha_0"));
        Assert.Equal(0.25, cell.FinalValidLoss);
        Assert.Equal("logreg", cell.Settings["model"]);
        Assert.Equal(["L1.lr"], data.Hyperparameters.Select(h => h.Column));
        Assert.Equal(["alpha_0"], data.Variables);
        var curves = data.CurvesOf(cell);
        Assert.Equal(10, curves.Steps.Count);
        Assert.Equal([0L, 1L, 2L], curves.Epochs.Select(e => e.Epoch));
        Assert.Equal(0.01 + (50 * 1e-5), curves.Epochs[1].Hyperparameters[0], 12);
    }

    [Fact]
    public void Missing_numbers_read_as_nan()
    {
        using var temp = new TempFolder();
        SyntheticSweep.Write(temp.Path, "s", new SyntheticCell("c1", "sgd(lr=0.1)") { Status = "failed", Error = "out of memory" });
        using var store = new ResultsStore(temp.Path);

        var cell = Assert.Single(ResultsData.Load(store).Cells);

        Assert.True(double.IsNaN(cell.FinalTrainLoss));
        Assert.Equal("out of memory", cell.Error);
        Assert.False(cell.Completed);
    }

    [Fact]
    public void An_empty_results_folder_has_no_cells()
    {
        using var temp = new TempFolder();
        using var store = new ResultsStore(temp.Path);

        Assert.Empty(ResultsData.Load(store).Cells);
    }

    [Fact]
    public void Levels_are_parsed_from_hyperparameter_columns()
    {
        var column = HyperparameterColumn.Parse("L3.alpha");

        Assert.Equal(3, column.Level);
        Assert.Equal("alpha", column.Name);
        Assert.Equal("level 3: alpha (L3.alpha)", column.Title);
        Assert.Equal("learning rate (L1.lr)", HyperparameterColumn.Parse("L1.lr").Title);
    }
}
