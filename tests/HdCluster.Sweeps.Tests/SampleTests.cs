using System.Globalization;

namespace HdCluster.Sweeps.Tests;

/// <summary><c>sample:</c> draws points reproducibly from a seed, as one more axis that multiplies with the grid.</summary>
public class SampleTests
{
    private static string Sweep(string method = "random", int seed = 7, int count = 16) => $$"""
        fixed: {model: logreg, epochs: 1}
        grid:
          optimizer: ["sgd_hd(lr={alpha_0}, beta={beta})"]
          seed: [1, 2]
        sample:
          count: {{count}}
          seed: {{seed}}
          method: {{method}}
          values:
            alpha_0: {log_uniform: [1e-4, 1e-1]}
            beta: {log_uniform: [1e-6, 1e-2]}
            batch_size: {choice: [32, 64, 128]}
        """;

    private static double Variable(SweepCell cell, string name) => double.Parse(cell.Variables[name], CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("random")]
    [InlineData("sobol")]
    [InlineData("halton")]
    public void The_same_file_and_seed_give_the_same_cells_and_ids(string method)
    {
        var first = SweepYaml.Parse(Sweep(method)).Cells.Select(c => (c.Id, c.Config.Optimizer)).ToList();
        var again = SweepYaml.Parse(Sweep(method)).Cells.Select(c => (c.Id, c.Config.Optimizer)).ToList();
        var other = SweepYaml.Parse(Sweep(method, seed: 8)).Cells.Select(c => c.Id).ToList();

        Assert.Equal(first, again);
        Assert.NotEqual(first.Select(c => c.Id), other);
    }

    [Fact]
    public void A_sampled_axis_multiplies_with_the_grid_and_varies_fastest()
    {
        var sweep = SweepYaml.Parse(Sweep());

        Assert.Equal(2 * 16, sweep.Cells.Count);
        Assert.All(sweep.Cells.Take(16), c => Assert.Equal(1, c.Config.Seed));
        Assert.Equal(sweep.Cells.Take(16).Select(c => c.Config.Optimizer), sweep.Cells.Skip(16).Select(c => c.Config.Optimizer));
        Assert.Equal(["optimizer", "seed", "sample"], sweep.Axes.Select(a => a.Name));
    }

    [Fact]
    public void Drawn_values_lie_in_their_ranges_and_choices()
    {
        var cells = SweepYaml.Parse(Sweep(count: 64)).Cells;

        Assert.All(cells, c => Assert.InRange(Variable(c, "alpha_0"), 1e-4, 1e-1));
        Assert.All(cells, c => Assert.InRange(Variable(c, "beta"), 1e-6, 1e-2));
        Assert.All(cells, c => Assert.Contains(c.Config.BatchSize, new[] { 32, 64, 128 }));
        Assert.Equal(3, cells.Select(c => c.Config.BatchSize).Distinct().Count());
    }

    [Fact]
    public void Sobol_points_cover_each_log_decade_evenly()
    {
        var sweep = SweepYaml.Parse(Sweep("sobol", count: 16));
        var cells = sweep.Cells.Take(16).ToList();

        // 16 points over the log range of each variable: each sixteenth of the range holds exactly one.
        var alphas = cells.Select(c => (int)Math.Floor((Math.Log10(Variable(c, "alpha_0")) + 4) / 3 * 16)).Order().ToList();
        var betas = cells.Select(c => (int)Math.Floor((Math.Log10(Variable(c, "beta")) + 6) / 4 * 16)).Order().ToList();
        Assert.Equal(Enumerable.Range(0, 16), alphas);
        Assert.Equal(Enumerable.Range(0, 16), betas);
    }

    [Fact]
    public void Validate_shows_the_drawn_values()
    {
        var axis = SweepYaml.Parse(Sweep()).Axes.Single(a => a.Name == "sample");

        Assert.Equal("random, 16 points, seed 7", axis.Sampling);
        Assert.Equal(16, axis.Values.Count);
        Assert.Matches(@"^alpha_0=[0-9.E-]+, beta=[0-9.E-]+, batch_size=(32|64|128)$", axis.Values[0]);
    }

    [Theory]
    [InlineData("      alpha_0: {normal: [0, 1]}", "sample.values.alpha_0", "expected one of")]
    [InlineData("      alpha_0: {log_uniform: [0, 1]}", "sample.values.alpha_0", "0 < low < high")]
    [InlineData("      alpha_0: {uniform: [1, 0.5]}", "sample.values.alpha_0", "low < high")]
    [InlineData("      batch_size: {uniform: [16, 256]}", "sample.values.batch_size", "use choice")]
    public void A_bad_distribution_is_named(string line, string field, string problem)
    {
        var yaml = $$"""
            fixed: {model: logreg, epochs: 1, optimizer: "sgd(lr={alpha_0})", batch_size: 64}
            sample:
              count: 4
              values:
            {{line}}
            """;

        var error = Assert.Throws<SweepFileException>(() => SweepYaml.Parse(yaml.Replace("batch_size: 64", line.Contains("batch_size", StringComparison.Ordinal) ? "seed: 1" : "batch_size: 64", StringComparison.Ordinal)));

        Assert.Equal(field, error.Field);
        Assert.Contains(problem, error.Problem);
        Assert.Equal(5, error.Line);
    }

    [Fact]
    public void A_sample_without_a_count_is_refused() =>
        Assert.Contains("missing", SweepYaml.Fails("fixed: {model: logreg, epochs: 1, optimizer: \"sgd(lr={a})\"}\nsample:\n  values: {a: {uniform: [0.1, 1]}}\n", 3, 3, "sample.count").Problem);
}
