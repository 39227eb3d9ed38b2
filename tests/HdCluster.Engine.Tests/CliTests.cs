using System.Text.RegularExpressions;

namespace HdCluster.Engine.Tests;

/// <summary><c>hdc run</c>, <c>validate</c>, <c>query</c> and <c>status</c> as processes: what they print and
/// the exit codes scripts rely on (0 done, 2 bad input or environment).</summary>
public sealed class CliTests : IDisposable
{
    private readonly TempFolder folder = new();

    [Fact]
    public async Task ValidatePrintsTheCellCount()
    {
        var file = Sweeps.Write(folder, Sweeps.TinyYaml("tiny", Sweeps.Seeds(3)));

        var validate = await HdcProcess.RunAsync(folder.Path, "validate", file);

        Assert.True(validate.ExitCode == 0, validate.Describe());
        Assert.Contains("tiny: 3 cells", validate.Stdout, StringComparison.Ordinal);
        Assert.Contains("fuse auto on cpu: 1 fused group(s) (3 cells), 0 cell(s) alone", validate.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateSaysWhichCellsTrainAloneAndWhy()
    {
        var file = Sweeps.Write(folder, Sweeps.TinyYaml("tiny", Sweeps.Seeds(3)));

        var off = await HdcProcess.RunAsync(folder.Path, "validate", file, "--fuse", "off");

        Assert.True(off.ExitCode == 0, off.Describe());
        Assert.Contains("fuse off on cpu: 0 fused group(s), 3 cell(s) alone", off.Stdout, StringComparison.Ordinal);
        Assert.Contains("3 alone: fuse: off", off.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMalformedSweepFileIsExitCode2WithItsFileLineAndColumn()
    {
        var file = Sweeps.Write(folder, "name: bad\nfixed:\n  model: logreg\n  epochs: ten\n  optimizer: \"sgd(0.01)\"\n", "bad.yaml");

        var validate = await HdcProcess.RunAsync(folder.Path, "validate", file);
        var run = await HdcProcess.RunAsync(folder.Path, "run", file, "--out", folder.Sub("results"));
        var status = await HdcProcess.RunAsync(folder.Path, "status", folder.Path, "--sweep", file);

        foreach (var hdc in new[] { validate, run, status })
        {
            Assert.True(hdc.ExitCode == 2, hdc.Describe());
            Assert.Matches(new Regex($@"{Regex.Escape(file)}:4:\d+: epochs: "), hdc.Stderr);
        }

        Assert.False(Directory.Exists(folder.Sub("results")), "nothing is created for a sweep that cannot run");
    }

    [Fact]
    public async Task AMissingDataSetIsExitCode2NamingTheFileAndFinishedCellsStay()
    {
        var two = Sweeps.Tiny(folder, "data", Sweeps.Seeds(2));
        await SweepRuns.RunAsync(two, folder.Path);
        var three = Sweeps.Write(folder, Sweeps.TinyYaml("data", Sweeps.Seeds(3)), "three.yaml");
        var empty = folder.Sub("no-data");
        Directory.CreateDirectory(empty);

        var run = await HdcProcess.RunAsync(folder.Path, new Dictionary<string, string> { ["HDC_DATA"] = empty }, "run", three, "--out", folder.Path);

        Assert.True(run.ExitCode == 2, run.Describe());
        Assert.Contains($"{Path.Combine(empty, "mnist", "train-images-idx3-ubyte.gz")}: expected", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("no such file", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"hdc run {three} --out {folder.Path}", run.Stderr, StringComparison.Ordinal);
        var files = new ParquetReader(folder.Sub("data"));
        Assert.Equal(two.Cells.Select(c => c.Id).Order(StringComparer.Ordinal), files.CellIds());
    }

    [Fact]
    public async Task AnOutputFolderThatCannotBeCreatedIsExitCode2()
    {
        // Tests run as root, where permissions stop nothing; a path through a regular file fails for anyone.
        var blocker = folder.Sub("file.txt");
        File.WriteAllText(blocker, "not a folder");
        var file = Sweeps.Write(folder, Sweeps.TinyYaml("tiny", Sweeps.Seeds(1)));

        var run = await HdcProcess.RunAsync(folder.Path, "run", file, "--out", Path.Combine(blocker, "results"));

        Assert.True(run.ExitCode == 2, run.Describe());
        Assert.Contains($"cannot create the results folder '{Path.Combine(blocker, "results", "tiny")}'", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADamagedCellsFileIsSetAsideAndOnlyTheCellsItHeldRunAgain()
    {
        var file = Sweeps.Write(folder, Sweeps.TinyYaml("damaged", Sweeps.Seeds(2)));
        var first = await HdcProcess.RunAsync(folder.Path, "run", file, "--out", folder.Path, "--fuse", "off");
        Assert.True(first.ExitCode == 0, first.Describe());
        var files = new ParquetReader(folder.Sub("damaged"));
        var ids = files.CellIds();
        var cells = File.ReadAllBytes(files.CellsFile);
        File.WriteAllBytes(files.CellsFile, cells[..(cells.Length / 2)]);

        var again = await HdcProcess.RunAsync(folder.Path, "run", file, "--out", folder.Path, "--fuse", "off");

        Assert.True(again.ExitCode == 0, again.Describe());
        Assert.Contains("damaged result file(s) moved to", again.Stderr, StringComparison.Ordinal);
        var setAside = Directory.GetFiles(Path.Combine(folder.Sub("damaged"), "damaged"));
        Assert.Equal(cells.Length / 2, new FileInfo(Assert.Single(setAside)).Length);
        Assert.Equal(ids, files.CellIds());
        Assert.Equal(2L, files.Count("SELECT count(*) FROM {cells} WHERE status = 'completed'"));
    }

    [Fact]
    public async Task ARunEndsWithEachMethodsBestCellAndItsLoss()
    {
        var file = Sweeps.Write(folder, Sweeps.TinyYaml("best", [.. Sweeps.Seeds(2), .. Sweeps.Seeds(1, "adam(lr=0.001)")]));

        var run = await HdcProcess.RunAsync(folder.Path, "run", file, "--out", folder.Path);

        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Contains("best cell", run.Stdout, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"SGD\s.*sgd\(lr=0\.01\).*\d\.\d+ \(final validation loss\)"), run.Stdout);
        Assert.Matches(new Regex(@"Adam\s.*adam\(lr=0\.001\).*\d\.\d+ \(final validation loss\)"), run.Stdout);
    }

    [Fact]
    public async Task QueryAndStatusReadAFinishedSweep()
    {
        var sweep = Sweeps.Tiny(folder, "tiny", Sweeps.Seeds(3));
        await SweepRuns.RunAsync(sweep, folder.Path);
        var results = folder.Sub("tiny");

        var query = await HdcProcess.RunAsync(folder.Path, "query", "--results", results, "--csv", "SELECT count(*) AS n, count(DISTINCT cell_id) AS ids FROM cells");
        var status = await HdcProcess.RunAsync(folder.Path, "status", results, "--sweep", sweep.SourcePath);

        Assert.True(query.ExitCode == 0, query.Describe());
        Assert.Equal(["n,ids", "3,3"], query.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.True(status.ExitCode == 0, status.Describe());
        // Table borders are box-drawing or ASCII characters, depending on the terminal.
        Assert.Matches(@"completed\s*\S\s*3\b", status.Stdout);
        Assert.Matches(@"left to run\s*\S\s*0\b", status.Stdout);
        Assert.Contains("no run is in progress", status.Text, StringComparison.Ordinal);
    }

    public void Dispose() => folder.Dispose();
}
