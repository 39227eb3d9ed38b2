namespace HdCluster.Sweeps.Tests;

/// <summary>The sweep files the project ships: each loads, every cell passes its checks, and the counts are
/// the ones the files' comments promise.</summary>
public class SweepFilesTests
{
    private static readonly string SweepsDir = Path.Combine(SweepYaml.RepoRoot(), "sweeps");

    public static TheoryData<string> Files() => [.. Directory.GetFiles(SweepsDir, "*.yaml").Select(f => Path.GetFileName(f)).Order()];

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_sweep_file_loads_without_notes(string file)
    {
        var sweep = SweepFile.Load(Path.Combine(SweepsDir, file));
        Assert.NotEmpty(sweep.Cells);
        Assert.Equal(Path.GetFileNameWithoutExtension(file), sweep.Name);
        Assert.False(string.IsNullOrWhiteSpace(sweep.Description));
        Assert.Empty(sweep.Notes);
        Assert.Equal(sweep.Cells.Count, sweep.Cells.Select(c => c.Id).Distinct().Count());
    }

    [Fact]
    public void There_are_sweep_files_to_check()
    {
        Assert.True(Files().Count >= 11);
    }

    [Theory]
    [InlineData("quickstart.yaml", 8)]
    [InlineData("baydin-logreg-online.yaml", 36)]
    [InlineData("baydin-mlp-online.yaml", 36)]
    [InlineData("baydin-logreg-fixed.yaml", 6)]
    [InlineData("baydin-mlp-fixed.yaml", 6)]
    [InlineData("baydin-gridsearch.yaml", 108)]
    [InlineData("baydin-vgg.yaml", 6)]
    [InlineData("chandra-mlp-matrix.yaml", 60)]
    [InlineData("chandra-resnet20.yaml", 10)]
    [InlineData("chandra-charrnn.yaml", 4)]
    [InlineData("chandra-tower-heights.yaml", 84)]
    [InlineData("baydin-random-search.yaml", 64)]
    public void Cell_counts(string file, int cells)
    {
        Assert.Equal(cells, SweepFile.Load(Path.Combine(SweepsDir, file)).Cells.Count);
    }

    [Fact]
    public void Quickstart_stays_small_and_short()
    {
        var sweep = SweepFile.Load(Path.Combine(SweepsDir, "quickstart.yaml"));
        Assert.InRange(sweep.Cells.Count, 1, 10);
        Assert.All(sweep.Cells, c => Assert.Equal(("logreg", 2, "cpu"), (c.Config.Model, c.Config.Epochs!.Value, c.Config.Device)));
    }

    [Fact]
    public void The_tower_heights_sweep_climbs_from_plain_sgd_to_twenty_rmsprop_levels()
    {
        var cells = SweepFile.Load(Path.Combine(SweepsDir, "chandra-tower-heights.yaml")).Cells;
        Assert.Equal("sgd(1) / none", cells[0].Config.Optimizer);
        Assert.Equal(21, cells[20].Config.Optimizer.Split(" / ").Length);
        Assert.All(cells, c => Assert.Equal(1024, c.Config.BatchSize));
    }

    [Fact]
    public void The_baydin_files_use_the_papers_hypergradient_rates()
    {
        var cells = SweepFile.Load(Path.Combine(SweepsDir, "baydin-logreg-fixed.yaml")).Cells;
        Assert.Contains(cells, c => c.Config.Optimizer == "adam_hd(lr=0.001, beta=1e-7, wd=1e-4)");
        Assert.Contains(cells, c => c.Config.Optimizer == "sgd_hd(lr=0.001, beta=1e-3, wd=1e-4)");
        var vgg = SweepFile.Load(Path.Combine(SweepsDir, "baydin-vgg.yaml")).Cells;
        Assert.Contains(vgg, c => c.Config.Optimizer == "adam_hd(lr=0.001, beta=1e-8, wd=1e-4)");
    }
}
