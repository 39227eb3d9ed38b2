namespace HdCluster.Sweeps.Tests;

/// <summary>Every mistake is caught while loading, before anything runs, and points at file, line, column and field.</summary>
public class ErrorTests
{
    private const string Good = """
        fixed:
          model: logreg
          epochs: 2
        grid:
          optimizer: ["sgd(lr={alpha_0})"]
          alpha_0: [0.1, 0.01]
        """;

    [Fact]
    public void The_message_starts_with_file_line_column_and_field()
    {
        var e = SweepYaml.Fails(Good.Replace("epochs: 2", "epochs: ten"), 3, 11, "epochs");
        Assert.Equal("test.yaml:3:11: epochs: expected a whole number, found 'ten'", e.Message);
    }

    [Fact]
    public void Load_names_the_path_it_was_given()
    {
        var path = Path.Combine(Path.GetTempPath(), $"hdc-sweep-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, Good.Replace("epochs: 2", "epochs: \"ten\""));
        try
        {
            var e = Assert.Throws<SweepFileException>(() => SweepFile.Load(path));
            Assert.StartsWith($"{path}:3:11: epochs: ", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_missing_file_is_a_sweep_file_error()
    {
        var e = Assert.Throws<SweepFileException>(() => SweepFile.Load("/nonexistent/sweep.yaml"));
        Assert.Equal(("file", 1, 1), (e.Field, e.Line, e.Column));
    }

    [Theory]
    [InlineData("batch_size: 1.5", "batch_size", "whole number")]
    [InlineData("seed: x", "seed", "whole number")]
    [InlineData("wall_seconds: soon", "wall_seconds", "a number")]
    [InlineData("normalize: maybe", "normalize", "true or false")]
    [InlineData("hidden: 128", "hidden", "list of layer widths")]
    [InlineData("dataset: [mnist]", "dataset", "single value")]
    [InlineData("seed: null", "seed", "required")]
    public void Wrong_types_are_refused(string line, string field, string expected)
    {
        var e = SweepYaml.Fails(Good.Replace("epochs: 2", line), 3, line.IndexOf(':') + 5, field);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void A_wrong_width_points_at_the_width()
    {
        SweepYaml.Fails(Good.Replace("epochs: 2", "epochs: 2\n  hidden: [128, wide]"), 4, 17, "hidden");
    }

    [Fact]
    public void An_unknown_top_level_key_is_refused()
    {
        var e = SweepYaml.Fails("gird:\n  seed: [1]\n" + Good, 1, 1, "gird");
        Assert.Contains("did you mean 'grid'", e.Message);
    }

    [Fact]
    public void A_setting_at_the_top_level_is_pointed_into_fixed()
    {
        var e = SweepYaml.Fails("epochs: 3\n" + Good, 1, 1, "epochs");
        Assert.Contains("go under fixed:", e.Message);
    }

    [Fact]
    public void A_misspelled_setting_is_an_unknown_key_not_a_silent_variable()
    {
        var e = SweepYaml.Fails(Good.Replace("epochs: 2", "epochs: 2\n  batchsize: 64"), 4, 14, "batchsize");
        Assert.Contains("unknown setting", e.Message);
        Assert.Contains("did you mean 'batch_size'", e.Message);
    }

    [Fact]
    public void A_misspelled_axis_is_an_unknown_key()
    {
        SweepYaml.Fails(Good + "\n  sed: [1, 2]", 7, 9, "sed");
    }

    [Fact]
    public void An_empty_axis_is_refused()
    {
        var e = SweepYaml.Fails(Good.Replace("[0.1, 0.01]", "[]"), 6, 12, "grid.alpha_0");
        Assert.Contains("empty", e.Message);
    }

    [Fact]
    public void An_axis_must_be_a_list()
    {
        var e = SweepYaml.Fails(Good.Replace("[0.1, 0.01]", "0.1"), 6, 12, "grid.alpha_0");
        Assert.Contains("belongs in fixed", e.Message);
    }

    [Fact]
    public void An_empty_grid_is_refused()
    {
        SweepYaml.Fails("fixed: {model: logreg, optimizer: \"sgd(0.1)\", epochs: 1}\ngrid: {}", 2, 7, "grid");
    }

    [Fact]
    public void An_empty_cell_list_is_refused()
    {
        SweepYaml.Fails("fixed: {model: logreg, optimizer: \"sgd(0.1)\", epochs: 1}\ncells: []", 2, 8, "cells");
    }

    [Fact]
    public void An_unresolved_placeholder_points_at_the_template()
    {
        var e = SweepYaml.Fails(Good.Replace("sgd(lr={alpha_0})", "sgd(lr={alpha_0}, mu={mu})") + "\ncells:\n  - {optimizer: \"sgd({mu})\", mu: 0.9}", 5, 15, "optimizer");
        Assert.Contains("{mu} has no value", e.Message);
        Assert.Contains("alpha_0=0.1", e.Message);
    }

    [Fact]
    public void A_malformed_placeholder_is_refused()
    {
        var e = SweepYaml.Fails(Good.Replace("{alpha_0}", "{alpha 0}"), 5, 15, "optimizer");
        Assert.Contains("not a placeholder", e.Message);
    }

    [Fact]
    public void An_unmatched_brace_is_refused()
    {
        SweepYaml.Fails(Good.Replace("{alpha_0})", "{alpha_0})}"), 5, 15, "optimizer");
    }

    [Fact]
    public void A_placeholder_may_not_name_a_cell_setting()
    {
        var e = SweepYaml.Fails(Good.Replace("sgd(lr={alpha_0})", "sgd(lr={alpha_0}, mu={seed})"), 5, 15, "optimizer");
        Assert.Contains("{seed} names a cell setting", e.Message);
    }

    [Fact]
    public void A_bad_optimizer_spec_points_at_the_spec_and_shows_where_in_it()
    {
        var e = SweepYaml.Fails(Good.Replace("sgd(lr={alpha_0})", "sgd(lr={alpha_0}, moment=0.9)"), 5, 15, "optimizer");
        Assert.Contains("unknown argument 'moment'", e.Message);
        Assert.Contains("sgd(lr=0.1, moment=0.9)", e.Message);
    }

    [Fact]
    public void A_spec_that_does_not_parse_is_refused()
    {
        SweepYaml.Fails(Good.Replace("sgd(lr={alpha_0})", "sgd(lr={alpha_0}"), 5, 15, "optimizer");
    }

    [Fact]
    public void A_cell_config_problem_points_at_the_setting()
    {
        var e = SweepYaml.Fails(Good.Replace("epochs: 2", "epochs: 2\n  batch_size: 0"), 4, 15, "batch_size");
        Assert.Contains("must be at least 1", e.Message);
    }

    [Fact]
    public void An_unknown_model_is_refused()
    {
        SweepYaml.Fails(Good.Replace("logreg", "resnet50"), 2, 10, "model");
    }

    [Fact]
    public void A_problem_in_one_grid_value_points_at_that_value()
    {
        var e = SweepYaml.Fails(Good + "\n  dtype: [float32, float8]", 7, 20, "dtype");
        Assert.Contains("unknown dtype 'float8'", e.Message);
    }

    [Fact]
    public void A_cell_without_a_budget_points_at_the_cell()
    {
        var e = SweepYaml.Fails(Good.Replace("  epochs: 2\n", "") + "\ncells:\n  - {optimizer: \"sgd(0.1)\", epochs: 1}", 4, 3, "epochs/steps/wall_seconds");
        Assert.Contains("give at least one budget", e.Message);
    }

    [Fact]
    public void A_missing_model_is_refused()
    {
        SweepYaml.Fails("cells:\n  - {optimizer: \"sgd(0.1)\", epochs: 1}", 2, 5, "model");
    }

    [Fact]
    public void A_missing_optimizer_is_refused()
    {
        SweepYaml.Fails("fixed:\n  model: logreg\n  epochs: 1", 2, 3, "optimizer");
    }

    [Fact]
    public void A_key_both_fixed_and_an_axis_is_refused()
    {
        var e = SweepYaml.Fails(Good.Replace("epochs: 2", "epochs: 2\n  seed: 1") + "\n  seed: [1, 2]", 8, 10, "grid.seed");
        Assert.Contains("both here and in fixed", e.Message);
    }

    [Fact]
    public void A_key_in_two_axes_is_refused()
    {
        var e = SweepYaml.Fails(Good + "\n  pair:\n    - {alpha_0: 0.5, seed: 2}", 8, 17, "grid.pair");
        Assert.Contains("grid axis 'alpha_0'", e.Message);
    }

    [Fact]
    public void A_linked_axis_needs_every_value_to_be_a_mapping()
    {
        SweepYaml.Fails(Good + "\n  pair:\n    - {seed: 2}\n    - 3", 9, 7, "grid.pair");
    }

    [Fact]
    public void A_variable_takes_a_single_value()
    {
        SweepYaml.Fails(Good.Replace("epochs: 2", "epochs: 2\n  mu: [0.9]").Replace("lr={alpha_0}", "lr={alpha_0}, mu={mu}"), 4, 7, "mu");
    }

    [Fact]
    public void A_yaml_syntax_error_is_located()
    {
        var e = Assert.Throws<SweepFileException>(() => SweepYaml.Parse("fixed:\n  model: logreg\n   epochs: [1\n"));
        Assert.Equal(("yaml", "test.yaml"), (e.Field, e.File));
        Assert.True(e.Line >= 2, e.Message);
    }

    [Fact]
    public void A_duplicate_key_is_refused()
    {
        var e = Assert.Throws<SweepFileException>(() => SweepYaml.Parse(Good.Replace("epochs: 2", "epochs: 2\n  epochs: 3")));
        Assert.Equal(4, e.Line);
    }

    [Fact]
    public void An_empty_file_is_refused()
    {
        SweepYaml.Fails("", 1, 1, "yaml");
    }

    [Fact]
    public void A_second_document_is_refused()
    {
        SweepYaml.Fails(Good + "\n---\nfixed: {}", 8, 1, "yaml");
    }

    [Fact]
    public void A_bad_fuse_is_refused()
    {
        SweepYaml.Fails("fuse: sometimes\n" + Good, 1, 7, "fuse");
    }

    [Fact]
    public void A_bad_name_is_refused()
    {
        SweepYaml.Fails("name: my sweep/1\n" + Good, 1, 7, "name");
    }
}
