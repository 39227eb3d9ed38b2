namespace HdCluster.Sweeps.Tests;

public class PlaceholderTests
{
    private static SweepCell One(string variables, string optimizer) => Assert.Single(SweepYaml.Parse($"""
        fixed:
          model: logreg
          epochs: 1
          optimizer: "{optimizer}"
        {variables}
        """).Cells);

    [Fact]
    public void Placeholders_are_filled_from_the_cells_variables()
    {
        var cell = One("  alpha_0: 0.01\n  beta: 0.001", "sgd_hd(lr={alpha_0}, beta={beta}, wd=1e-4)");
        Assert.Equal("sgd_hd(lr=0.01, beta=0.001, wd=1e-4)", cell.Config.Optimizer);
    }

    [Theory]
    [InlineData("1e-3", "0.001")]
    [InlineData("0.0010", "0.001")]
    [InlineData("1.0", "1")]
    [InlineData("1e-7", "1E-07")]
    [InlineData("2", "2")]
    public void Numbers_are_written_invariantly_in_round_trip_form(string written, string filled)
    {
        Assert.Equal($"sgd(lr={filled})", One($"  alpha_0: {written}", "sgd(lr={alpha_0})").Config.Optimizer);
    }

    [Fact]
    public void A_variable_may_hold_spec_text()
    {
        var cell = One("  hyper: \"adam(1e-3)\"", "sgd(0.01) / {hyper}");
        Assert.Equal("sgd(0.01) / adam(1e-3)", cell.Config.Optimizer);
    }

    [Fact]
    public void Any_name_can_be_a_variable_and_a_name_may_repeat()
    {
        Assert.Equal("sgd(0.5, mu=0.5)", One("  my_rate: 0.5", "sgd({my_rate}, mu={ my_rate })").Config.Optimizer);
    }

    [Fact]
    public void The_cell_records_the_variables_its_optimizer_used()
    {
        var sweep = SweepYaml.Parse("""
            fixed: {model: logreg, epochs: 1}
            grid:
              optimizer: ["sgd(lr={alpha_0})", "sgd_hd(lr={alpha_0}, beta={beta})"]
              alpha_0: [0.1]
              beta: [0.001]
            """);
        Assert.Equal(new Dictionary<string, string> { ["alpha_0"] = "0.1" }, sweep.Cells[0].Variables);
        Assert.Equal(new Dictionary<string, string> { ["alpha_0"] = "0.1", ["beta"] = "0.001" }, sweep.Cells[1].Variables);
    }

    [Fact]
    public void An_explicit_cell_keeps_the_variables_it_gives_as_labels()
    {
        var sweep = SweepYaml.Parse("""
            fixed: {model: logreg, epochs: 1}
            grid:
              optimizer: ["sgd(lr={alpha_0})"]
              alpha_0: [0.1]
            cells:
              - {optimizer: "adam(lr=0.001)", alpha_0: 0.001}
            """);
        Assert.Equal(new Dictionary<string, string> { ["alpha_0"] = "0.001" }, sweep.Cells[1].Variables);
    }

    [Fact]
    public void Variables_do_not_change_a_cells_id()
    {
        var labelled = SweepYaml.Parse("""
            fixed: {model: logreg, epochs: 1}
            grid:
              optimizer: ["sgd(lr={alpha_0})"]
              alpha_0: [0.1]
            """).Cells[0];
        var plain = One("", "sgd(lr=0.1)");
        Assert.Equal(plain.Id, labelled.Id);
    }
}
