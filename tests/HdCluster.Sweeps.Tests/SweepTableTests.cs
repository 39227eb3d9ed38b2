namespace HdCluster.Sweeps.Tests;

public class SweepTableTests
{
    private static readonly Sweep Sweep = SweepYaml.Parse("""
        fixed: {model: logreg, epochs: 1, batch_size: 64}
        grid:
          optimizer: ["sgd(lr={alpha_0})", "sgd_hd(lr={alpha_0}, beta=0.001)"]
          alpha_0: [0.1, 0.01]
          seed: [1, 2]
        """);

    [Fact]
    public void The_table_shows_id_model_optimizer_and_only_what_varies()
    {
        var table = SweepTable.From(Sweep);
        Assert.Equal(["id", "model", "optimizer", "seed", "alpha_0"], table.Headers);
    }

    [Fact]
    public void There_is_one_row_per_cell_in_sweep_order()
    {
        var table = SweepTable.From(Sweep);
        var rows = table.Rows.ToList();
        Assert.Equal(8, rows.Count);
        Assert.Equal([Sweep.Cells[0].Id, "logreg", "sgd(lr=0.1)", "1", "0.1"], rows[0]);
        Assert.Equal([Sweep.Cells[7].Id, "logreg", "sgd_hd(lr=0.01, beta=0.001)", "2", "0.01"], rows[7]);
        Assert.All(rows, r => Assert.Equal(table.Headers.Count, r.Count));
    }

    [Fact]
    public void A_variable_some_cells_lack_shows_empty()
    {
        var sweep = SweepYaml.Parse("""
            fixed: {model: logreg, epochs: 1}
            grid:
              optimizer: ["sgd(lr={alpha_0})"]
              alpha_0: [0.1]
            cells:
              - {optimizer: "adam(0.001)"}
            """);
        var table = SweepTable.From(sweep);
        Assert.Equal(["id", "model", "optimizer", "alpha_0"], table.Headers);
        Assert.Equal("", table.Rows.ElementAt(1)[3]);
    }
}
