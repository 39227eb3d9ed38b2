using HdCluster.Cluster.Local;
using HdCluster.Experiments;
using HdCluster.Results;
using HdCluster.Sweeps;
using HdCluster.Training;

namespace HdCluster.Cluster.Tests;

/// <summary>Rows for cells with missing numbers: a failed cell has no result at all, a diverged one has
/// non-finite values. Every such column is written as NULL of its declared type and reads back as such.</summary>
public sealed class ResultRowsTests : IDisposable
{
    private readonly TempFolder folder = new();
    private readonly SweepCell baydin;
    private readonly SweepCell tower;

    public ResultRowsTests()
    {
        var sweep = SweepFile.Parse(Sweeps.TinyYaml("rows", "{optimizer: \"sgd_hd(lr=0.01, beta=0.001)\"}", "{optimizer: \"sgd(0.01) / sgd(0.001)\"}"), "rows.yaml");
        (baydin, tower) = (sweep.Cells[0], sweep.Cells[1]);
    }

    [Fact]
    public void AFailedCellHasNullInEveryResultColumnOfItsDeclaredType()
    {
        var files = Write(ResultRows.Cell("rows", baydin, "3-run", 3, "failed", null, "cpu", "-", "it broke"));

        var row = files.Query("SELECT final_train_loss, final_valid_loss, final_valid_accuracy, steps_done, epochs_done, wall_seconds, diverged_at_step, diverged_quantity, error FROM {cells}").Rows.Single();
        Assert.Equal([null, null, null, null, null, null, null, null, "it broke"], row);
        var types = files.Types("cells");
        Assert.Equal(("DOUBLE", "BIGINT", "BIGINT", "VARCHAR"), (types["final_valid_loss"], types["steps_done"], types["diverged_at_step"], types["diverged_quantity"]));
    }

    [Fact]
    public void NonFiniteNumbersOfADivergedCellAreNull()
    {
        var result = new CellResult(CellStatus.Diverged, 5, 0, double.NaN, double.PositiveInfinity, 0.1, ["L1.lr"], [double.NaN], 0.2, "loss", 5);

        var files = Write(ResultRows.Cell("rows", baydin, "1-run", 1, "diverged", result, "cpu", "worker-cpu-0", null));

        var row = files.Query("SELECT final_train_loss, final_valid_loss, final_valid_accuracy, \"L1.lr\", diverged_at_step, diverged_quantity FROM {cells}").Rows.Single();
        Assert.Equal([null, null, 0.1, null, 5L, "loss"], row);
        Assert.Equal("DOUBLE", files.Types("cells")["L1.lr"]);
    }

    [Fact]
    public void CellsWithAndWithoutHyperparameterColumnsMergeIntoOneTable()
    {
        var completed = new CellResult(CellStatus.Completed, 8, 1, 0.5, 0.6, 0.8, ["L1.alpha", "L2.alpha"], [0.01, 0.001], 0.3);

        var files = Write(
            ResultRows.Cell("rows", baydin, "3-run", 3, "failed", null, "cpu", "-", "it broke"),
            ResultRows.Cell("rows", tower, "1-run", 1, "completed", completed, "cpu", "worker-cpu-0", null));

        var rows = files.Query("SELECT status, \"L1.alpha\", \"L2.alpha\", error FROM {cells} ORDER BY status").Rows;
        Assert.Equal<object?>(["completed", 0.01, 0.001, null], rows[0]);
        Assert.Equal<object?>(["failed", null, null, "it broke"], rows[1]);
    }

    [Fact]
    public void AVariableThatIsANumberInOneCellAndTextInAnotherReadsBackAsText()
    {
        var sweep = SweepFile.Parse($"name: mixed\n{Sweeps.TinyFixed}\ngrid:\n  optimizer: [\"sgd(0.01) / sgd({{kappa}})\"]\n  kappa: [0.001, auto]\n", "mixed.yaml");

        var files = Write(
            ResultRows.Cell("mixed", sweep.Cells[0], "1-run", 1, "failed", null, "cpu", "-", "x"),
            ResultRows.Cell("mixed", sweep.Cells[1], "1-run", 1, "failed", null, "cpu", "-", "x"));

        Assert.Equal(["0.001", "auto"], files.Column<string>("SELECT kappa FROM {cells} ORDER BY kappa"));
    }

    [Fact]
    public void CurvesOfACellWithoutRecordsAreAnEmptyTable()
    {
        Assert.Equal(0, ResultRows.Curves("rows", baydin.Id, "1-run", new([], [], [])).RowCount);
    }

    private ParquetReader Write(params ResultTable[] cells)
    {
        using (var store = new ResultsStore(folder.Path))
        {
            foreach (var table in cells)
            {
                store.AppendCells(table);
            }

            store.Compact();
        }

        return new ParquetReader(folder.Path);
    }

    public void Dispose() => folder.Dispose();
}
