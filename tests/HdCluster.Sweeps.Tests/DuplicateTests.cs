namespace HdCluster.Sweeps.Tests;

public class DuplicateTests
{
    [Fact]
    public void Cells_with_the_same_normalised_settings_collapse_to_the_first()
    {
        var sweep = SweepYaml.Parse("""
            fixed: {model: logreg, epochs: 1}
            grid:
              optimizer: ["sgd(lr={alpha_0})", "sgd_hd(lr={alpha_0}, beta={beta})"]
              alpha_0: [0.1]
              beta: [0.001, 0.01]
            """);
        // sgd ignores beta: its two grid cells are one run.
        Assert.Equal(["sgd(lr=0.1)", "sgd_hd(lr=0.1, beta=0.001)", "sgd_hd(lr=0.1, beta=0.01)"], sweep.Cells.Select(c => c.Config.Optimizer));
        var note = Assert.Single(sweep.Notes);
        Assert.Contains("beta=0.01", note);
        Assert.Contains("kept once", note);
    }

    [Fact]
    public void An_explicit_cell_that_repeats_a_grid_cell_collapses_with_a_note()
    {
        var sweep = SweepYaml.Parse("""
            fixed: {model: logreg, epochs: 1}
            grid:
              optimizer: ["sgd(lr={alpha_0})"]
              alpha_0: [0.1]
            cells:
              - {optimizer: "sgd( lr = 1e-1 )", batch_size: 128}
            """);
        Assert.Single(sweep.Cells);
        Assert.StartsWith("test.yaml:6:5: cells[0] is the same run as grid cell", Assert.Single(sweep.Notes));
    }

    [Fact]
    public void Distinct_cells_give_no_notes()
    {
        Assert.Empty(SweepYaml.Parse("fixed: {model: logreg, optimizer: \"sgd(0.1)\", epochs: 1}").Notes);
    }
}
