using HdCluster.Experiments;

namespace HdCluster.Sweeps.Tests;

public class CellIdentityTests
{
    private static readonly CellConfig Base = new() { Model = "logreg", Optimizer = "sgd_hd(lr=0.01, beta=0.001, wd=1e-4)", Epochs = 10 };

    private static string IdOf(string fixedSettings) =>
        Assert.Single(SweepYaml.Parse($"fixed:\n{fixedSettings}").Cells).Id;

    [Fact]
    public void An_id_is_16_lowercase_hex_digits()
    {
        Assert.Matches("^[0-9a-f]{16}$", CellIdentity.Of(Base));
    }

    [Fact]
    public void The_id_of_a_cell_never_changes()
    {
        // Pinned: results are stored under this id, so a change here orphans every stored result.
        Assert.Equal(CellIdentity.Of(Base), CellIdentity.Of(Base with { }));
        Assert.Equal("2bbc95f9c0491ffc", CellIdentity.Of(Base));
    }

    [Fact]
    public void The_same_cell_in_two_sweeps_has_the_same_id()
    {
        var grid = SweepYaml.Parse("""
            name: one
            fixed: {model: logreg, epochs: 10}
            grid:
              optimizer: ["sgd(lr={alpha_0})", "sgd_hd(lr={alpha_0}, beta=0.001, wd=1e-4)"]
              alpha_0: [0.1, 0.01]
            """);
        var single = SweepYaml.Parse("""
            name: two
            description: another sweep, same cell
            cells:
              - {model: logreg, optimizer: "sgd_hd(lr=0.01, beta=0.001, wd=1e-4)", epochs: 10}
            """);
        Assert.Contains(single.Cells[0].Id, grid.Cells.Select(c => c.Id));
        Assert.Equal(CellIdentity.Of(Base), single.Cells[0].Id);
    }

    [Fact]
    public void Spec_whitespace_argument_order_and_number_spelling_do_not_change_the_id()
    {
        Assert.Equal(
            IdOf("  model: logreg\n  epochs: 10\n  optimizer: \"sgd_hd(lr=0.01, beta=0.001, wd=1e-4)\""),
            IdOf("  model: logreg\n  epochs: 10\n  optimizer: \"  sgd_hd( wd = 0.0001,beta=1e-3 , lr=1e-2 ) \""));
    }

    [Fact]
    public void Key_order_in_the_file_does_not_change_the_id()
    {
        Assert.Equal(
            IdOf("  model: logreg\n  epochs: 10\n  optimizer: \"sgd(0.1)\""),
            IdOf("  optimizer: \"sgd(0.1)\"\n  epochs: 10\n  model: logreg"));
    }

    [Theory]
    [InlineData("  batch_size: 128")]
    [InlineData("  seed: 1")]
    [InlineData("  device: cpu")]
    [InlineData("  dtype: float32")]
    [InlineData("  dtype: float")]
    [InlineData("  record_every: 1")]
    [InlineData("  dataset: mnist")]
    [InlineData("  normalize: true")]
    [InlineData("  hidden: [1000, 1000]")]
    [InlineData("  train_limit: null")]
    public void Writing_a_default_out_does_not_change_the_id(string setting)
    {
        const string cell = "  model: mlp\n  epochs: 10\n  optimizer: \"sgd(0.1)\"";
        Assert.Equal(IdOf(cell), IdOf(cell + "\n" + setting));
    }

    [Theory]
    [InlineData("  batch_size: 64")]
    [InlineData("  seed: 2")]
    [InlineData("  device: cuda")]
    [InlineData("  dtype: float64")]
    [InlineData("  record_every: 10")]
    [InlineData("  normalize: false")]
    [InlineData("  hidden: [100]")]
    [InlineData("  train_limit: 6000")]
    [InlineData("  valid_limit: 1000")]
    [InlineData("  steps: 100")]
    [InlineData("  wall_seconds: 60")]
    public void Any_real_difference_changes_the_id(string setting)
    {
        const string cell = "  model: mlp\n  epochs: 10\n  optimizer: \"sgd(0.1)\"";
        Assert.NotEqual(IdOf(cell), IdOf(cell + "\n" + setting));
    }

    [Fact]
    public void A_different_optimizer_or_model_changes_the_id()
    {
        Assert.NotEqual(CellIdentity.Of(Base), CellIdentity.Of(Base with { Optimizer = "sgd_hd(lr=0.01, beta=0.0001, wd=1e-4)" }));
        Assert.NotEqual(CellIdentity.Of(Base), CellIdentity.Of(Base with { Model = "mlp" }));
        Assert.NotEqual(CellIdentity.Of(Base), CellIdentity.Of(Base with { Epochs = 11 }));
    }

    [Fact]
    public void The_normalised_settings_are_sorted_and_complete()
    {
        var settings = CellIdentity.Settings(Base);
        Assert.Equal(settings.Select(kv => kv.Key).Order(StringComparer.Ordinal), settings.Select(kv => kv.Key));
        Assert.Equal(15, settings.Count);
        var map = settings.ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal("sgd_hd(beta=0.001, lr=0.01, wd=0.0001)", map["optimizer"]);
        Assert.Equal(("mnist", "true", "[]", "null"), (map["dataset"], map["normalize"], map["hidden"], map["steps"]));
    }
}
