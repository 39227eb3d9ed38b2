using HdCluster.Experiments;

namespace HdCluster.Results.Tests;

/// <summary>
/// Rows of the result schema for finished cells: every fixed column in the schema's order and type, template
/// variables and hyperparameters after them; missing numbers (a failed cell has no result, a diverged one has
/// non-finite values) are NULL of the declared type.
/// </summary>
public sealed class ResultRowsTests : IDisposable
{
    private static readonly CellConfig Baydin = new() { Model = "logreg", Optimizer = "sgd_hd(lr=0.01, beta=0.001)", Epochs = 1 };
    private static readonly CellConfig Tower = new() { Model = "logreg", Optimizer = "sgd(0.01) / sgd(0.001)", Epochs = 1 };
    private static readonly Dictionary<string, string> NoVariables = [];

    private readonly TempFolder folder = new();

    private static CellRow Failed(string cellId, CellConfig config, IReadOnlyDictionary<string, string>? variables = null) =>
        new("rows", cellId, config, variables ?? NoVariables, "3-run", 3, CellStatus.Failed, null, "cpu", "-", "it broke");

    [Fact]
    public void The_fixed_columns_are_the_result_schemas_in_its_order_and_types()
    {
        var completed = new CellResult(CellStatus.Completed, 8, 1, 0.5, 0.6, 0.8, ["L1.lr"], [0.02], 0.3);
        var row = new CellRow("rows", "c1", Baydin, new Dictionary<string, string> { ["alpha_0"] = "0.1" }, "1-run", 1, CellStatus.Completed, completed, "cpu", "worker-cpu-0", GroupId: "g1");

        Write(ResultRows.Cell(row));

        var types = Types();
        Assert.Equal(ResultSchema.Cells.Select(c => c.Name).Concat(["alpha_0", "L1.lr", "_part"]), types.Keys);
        Assert.All(ResultSchema.Cells, c => Assert.Equal(c.Kind.ToString().ToUpperInvariant(), types[c.Name]));
        var stored = Query("SELECT status, group_id, alpha_0, \"L1.lr\" FROM cells").Rows.Single();
        Assert.Equal([CellStatusWords.Completed, "g1", 0.1, 0.02], stored);
    }

    [Fact]
    public void A_failed_cell_has_null_in_every_result_column_of_its_declared_type()
    {
        Write(ResultRows.Cell(Failed("c1", Baydin)));

        var row = Query("SELECT final_train_loss, final_valid_loss, final_valid_accuracy, steps_done, epochs_done, wall_seconds, diverged_at_step, diverged_quantity, error, status FROM cells").Rows.Single();
        Assert.Equal([null, null, null, null, null, null, null, null, "it broke", CellStatusWords.Failed], row);
        var types = Types();
        Assert.Equal(("DOUBLE", "BIGINT", "BIGINT", "VARCHAR"), (types["final_valid_loss"], types["steps_done"], types["diverged_at_step"], types["diverged_quantity"]));
    }

    [Fact]
    public void Non_finite_numbers_of_a_diverged_cell_are_null()
    {
        var result = new CellResult(CellStatus.Diverged, 5, 0, double.NaN, double.PositiveInfinity, 0.1, ["L1.lr"], [double.NaN], 0.2, "loss", 5);

        Write(ResultRows.Cell(new CellRow("rows", "c1", Baydin, NoVariables, "1-run", 1, CellStatus.Diverged, result, "cpu", "worker-cpu-0")));

        var row = Query("SELECT final_train_loss, final_valid_loss, final_valid_accuracy, \"L1.lr\", diverged_at_step, diverged_quantity, status FROM cells").Rows.Single();
        Assert.Equal([null, null, 0.1, null, 5L, "loss", CellStatusWords.Diverged], row);
        Assert.Equal("DOUBLE", Types()["L1.lr"]);
    }

    [Fact]
    public void Cells_with_and_without_hyperparameter_columns_merge_into_one_table()
    {
        var completed = new CellResult(CellStatus.Completed, 8, 1, 0.5, 0.6, 0.8, ["L1.alpha", "L2.alpha"], [0.01, 0.001], 0.3);

        Write(
            ResultRows.Cell(Failed("c1", Baydin)),
            ResultRows.Cell(new CellRow("rows", "c2", Tower, NoVariables, "1-run", 1, CellStatus.Completed, completed, "cpu", "worker-cpu-0")));

        var rows = Query("SELECT status, \"L1.alpha\", \"L2.alpha\", error FROM cells ORDER BY status").Rows;
        Assert.Equal<object?>(["completed", 0.01, 0.001, null], rows[0]);
        Assert.Equal<object?>(["failed", null, null, "it broke"], rows[1]);
    }

    [Fact]
    public void A_variable_that_is_a_number_in_one_cell_and_text_in_another_reads_back_as_text()
    {
        Write(
            ResultRows.Cell(Failed("c1", Tower, new Dictionary<string, string> { ["kappa"] = "0.001" })),
            ResultRows.Cell(Failed("c2", Tower, new Dictionary<string, string> { ["kappa"] = "auto" })));

        Assert.Equal(["0.001", "auto"], Query("SELECT kappa FROM cells ORDER BY kappa").Rows.Select(r => r[0]));
    }

    [Fact]
    public void A_variable_named_like_a_fixed_column_is_not_stored_twice()
    {
        Write(ResultRows.Cell(Failed("c1", Tower, new Dictionary<string, string> { ["seed"] = "7" })));

        Assert.Equal(1L, Query("SELECT seed FROM cells").Rows.Single()[0]);
    }

    [Fact]
    public void Curves_have_the_schemas_columns_then_one_per_hyperparameter_and_a_row_per_step_and_epoch()
    {
        var steps = new[] { new StepRecord(1, 0, 2.0, [0.01]), new StepRecord(2, 0, double.NaN, [0.02]) };
        var epochs = new[] { new EpochRecord(1, 2, 1.5, 1.6, 0.7, [0.03], 0.5, 1000) };

        var curves = ResultRows.Curves("rows", "c1", "1-run", ["L1.lr"], steps, epochs);

        Assert.Equal(ResultSchema.Curves.Select(c => c.Name).Append("L1.lr"), curves.Columns.Select(c => c.Name));
        Assert.Equal([ResultSchema.StepKind, ResultSchema.StepKind, ResultSchema.EpochKind], curves.Rows.Select(r => r[3]));
        Assert.Null(curves.Rows.ElementAt(1)[curves.IndexOf("loss")]);
        Assert.Equal(0.03, curves.Rows.ElementAt(2)[curves.IndexOf("L1.lr")]);
    }

    [Fact]
    public void Curves_of_a_cell_without_records_are_an_empty_table()
    {
        Assert.Equal(0, ResultRows.Curves("rows", "c1", "1-run", [], [], []).RowCount);
    }

    public void Dispose() => folder.Dispose();

    private ResultsStore Store() => new(folder.Path);

    private QueryResult Query(string sql)
    {
        using var store = Store();
        return store.Query(sql);
    }

    private void Write(params ResultTable[] cells)
    {
        using var store = Store();
        foreach (var table in cells)
        {
            store.AppendCells(table);
        }

        store.Compact();
    }

    private Dictionary<string, string> Types() =>
        RawDuckDb.Rows($"DESCRIBE SELECT * FROM read_parquet('{Path.Combine(folder.Path, "cells.parquet")}')")
            .ToDictionary(r => (string)r[0]!, r => (string)r[1]!);
}
