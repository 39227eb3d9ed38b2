namespace HdCluster.Sweeps.Tests;

public class ExpansionTests
{
    private const string Grid = """
        name: order
        fixed:
          model: logreg
          epochs: 1
        grid:
          optimizer: ["sgd(lr={alpha_0})", "adam(lr={alpha_0})"]
          alpha_0: [0.1, 0.01, 0.001]
          seed: [1, 2]
        """;

    [Fact]
    public void The_grid_is_the_cartesian_product_of_its_axes()
    {
        Assert.Equal(2 * 3 * 2, SweepYaml.Parse(Grid).Cells.Count);
    }

    [Fact]
    public void Axes_vary_in_file_order_with_the_last_axis_fastest()
    {
        var cells = SweepYaml.Parse(Grid).Cells;
        var order = cells.Select(c => $"{c.Config.Optimizer} seed={c.Config.Seed}").ToList();
        Assert.Equal(
        [
            "sgd(lr=0.1) seed=1", "sgd(lr=0.1) seed=2", "sgd(lr=0.01) seed=1", "sgd(lr=0.01) seed=2",
            "sgd(lr=0.001) seed=1", "sgd(lr=0.001) seed=2",
            "adam(lr=0.1) seed=1", "adam(lr=0.1) seed=2", "adam(lr=0.01) seed=1", "adam(lr=0.01) seed=2",
            "adam(lr=0.001) seed=1", "adam(lr=0.001) seed=2",
        ], order);
    }

    [Fact]
    public void Expansion_is_deterministic()
    {
        Assert.Equal(SweepYaml.Parse(Grid).Cells.Select(c => c.Id), SweepYaml.Parse(Grid).Cells.Select(c => c.Id));
    }

    [Fact]
    public void Fixed_settings_reach_every_cell()
    {
        Assert.All(SweepYaml.Parse(Grid).Cells, c => Assert.Equal(("logreg", 1), (c.Config.Model, c.Config.Epochs!.Value)));
    }

    [Fact]
    public void Explicit_cells_follow_the_grid_and_override_fixed()
    {
        var sweep = SweepYaml.Parse(Grid + """

            cells:
              - {optimizer: "adam(lr=0.001)", epochs: 3}
              - {optimizer: "sgd_hd(lr=0.01, beta=0.001)", alpha_0: 0.01}
            """);
        Assert.Equal(14, sweep.Cells.Count);
        Assert.Equal(("adam(lr=0.001)", 3), (sweep.Cells[12].Config.Optimizer, sweep.Cells[12].Config.Epochs!.Value));
        Assert.Equal(("sgd_hd(lr=0.01, beta=0.001)", 1), (sweep.Cells[13].Config.Optimizer, sweep.Cells[13].Config.Epochs!.Value));
        Assert.Equal("logreg", sweep.Cells[13].Config.Model);
    }

    [Fact]
    public void Without_a_grid_only_the_explicit_cells_run()
    {
        var sweep = SweepYaml.Parse("""
            fixed: {model: logreg, epochs: 1}
            cells:
              - {optimizer: "sgd(0.1)"}
              - {optimizer: "adam(0.001)"}
            """);
        Assert.Equal(["sgd(0.1)", "adam(0.001)"], sweep.Cells.Select(c => c.Config.Optimizer));
    }

    [Fact]
    public void Fixed_alone_is_one_cell()
    {
        var sweep = SweepYaml.Parse("fixed: {model: logreg, optimizer: \"sgd(0.1)\", steps: 10}");
        Assert.Equal(10, Assert.Single(sweep.Cells).Config.Steps);
    }

    [Fact]
    public void Every_cell_setting_can_be_given()
    {
        var cell = Assert.Single(SweepYaml.Parse("""
            fixed:
              model: mlp
              optimizer: "sgd(0.1)"
              dataset: mnist
              batch_size: 64
              epochs: 2
              steps: 1_000
              wall_seconds: 12.5
              seed: 7
              device: cpu
              dtype: float64
              record_every: 5
              hidden: [32, 16]
              normalize: false
              train_limit: 60_000
              valid_limit: null
            """).Cells).Config;
        Assert.Equal(("mlp", "sgd(0.1)", "mnist", 64, 2, 1000L, 12.5, 7L), (cell.Model, cell.Optimizer, cell.Dataset, cell.BatchSize, cell.Epochs, cell.Steps, cell.WallSeconds, cell.Seed));
        Assert.Equal(("cpu", "float64", 5, false, 60000, (int?)null), (cell.Device, cell.Dtype, cell.RecordEvery, cell.Normalize, cell.TrainLimit, cell.ValidLimit));
        Assert.Equal([32L, 16L], cell.Hidden!);
    }

    [Fact]
    public void Name_defaults_to_the_file_name_and_description_and_fuse_pass_through()
    {
        var sweep = SweepFile.Parse("""
            description: a test
            fuse: 4
            fixed: {model: logreg, optimizer: "sgd(0.1)", epochs: 1}
            """, "sweeps/my-sweep.yaml");
        Assert.Equal(("my-sweep", "a test", FuseSetting.AtMost(4)), (sweep.Name, sweep.Description, sweep.Fuse));
        Assert.Equal("sweeps/my-sweep.yaml", sweep.SourcePath);
    }

    [Theory]
    [InlineData("auto", FuseMode.Auto, null)]
    [InlineData("off", FuseMode.Off, null)]
    [InlineData("8", FuseMode.MaxGroup, 8)]
    public void Fuse_is_auto_off_or_a_largest_group(string text, FuseMode mode, int? max)
    {
        var sweep = SweepYaml.Parse($"fuse: {text}\nfixed: {{model: logreg, optimizer: \"sgd(0.1)\", epochs: 1}}");
        Assert.Equal(new FuseSetting(mode, max), sweep.Fuse);
        Assert.Equal(text, sweep.Fuse.ToString());
    }

    [Fact]
    public void Fuse_defaults_to_auto()
    {
        Assert.Equal(FuseSetting.Auto, SweepYaml.Parse("fixed: {model: logreg, optimizer: \"sgd(0.1)\", epochs: 1}").Fuse);
    }

    [Fact]
    public void A_linked_axis_sets_several_keys_together()
    {
        var sweep = SweepYaml.Parse("""
            fixed: {model: mlp_tanh, epochs: 1}
            grid:
              pair:
                - {optimizer: "sgd({alpha}) / sgd({kappa})", alpha: 0.01, kappa: 0.01}
                - {optimizer: "adam({alpha}) / sgd({kappa})", alpha: 0.001, kappa: 1e-5, batch_size: 256}
              seed: [1, 2]
            """);
        Assert.Equal(
            ["sgd(0.01) / sgd(0.01)", "sgd(0.01) / sgd(0.01)", "adam(0.001) / sgd(1E-05)", "adam(0.001) / sgd(1E-05)"],
            sweep.Cells.Select(c => c.Config.Optimizer));
        Assert.Equal([128, 128, 256, 256], sweep.Cells.Select(c => c.Config.BatchSize));
        Assert.Equal([1L, 2L, 1L, 2L], sweep.Cells.Select(c => c.Config.Seed));
    }

    [Fact]
    public void Every_cell_points_back_to_where_it_was_written()
    {
        var sweep = SweepYaml.Parse("""
            fixed: {model: logreg, epochs: 1}
            cells:
              - {optimizer: "sgd(0.1)"}
              - {optimizer: "sgd(0.2)"}
            """);
        Assert.Equal([new SweepPosition("test.yaml", 3, 5), new SweepPosition("test.yaml", 4, 5)], sweep.Cells.Select(c => c.Origin));
    }
}
