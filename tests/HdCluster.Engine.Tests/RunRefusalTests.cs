namespace HdCluster.Engine.Tests;

/// <summary>
/// <c>hdc run</c> refuses what cannot work before anything runs (exit 2, one line, no results folder), and refuses
/// to run into a folder where a run is live, naming that run; a killed run's lock is not live.
/// </summary>
public sealed class RunRefusalTests : IDisposable
{
    private readonly TempFolder folder = new();

    [Theory]
    [InlineData("--slots 0", "--slots must be at least 1 (got 0)")]
    [InlineData("--slots -2", "--slots must be at least 1 (got -2)")]
    [InlineData("--max-attempts 0", "--max-attempts must be at least 1 (got 0)")]
    [InlineData("--devices cpu cpu", "--devices: cpu is named twice")]
    [InlineData("--devices gpu", "--devices: 'gpu' is not a device (expected cpu or cuda:N)")]
    [InlineData("--devices cuda:7", "--devices: 'cuda:7' does not exist")]
    public async Task SettingsThatCannotWorkAreRefusedBeforeAnythingRuns(string settings, string message)
    {
        var file = Sweeps.Write(folder, Sweeps.TinyYaml("refused", Sweeps.Seeds(2)));

        var run = await HdcProcess.RunAsync(folder.Path, ["run", file, "--out", folder.Sub("results"), .. settings.Split(' ')]);

        Assert.True(run.ExitCode == 2, run.Describe());
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("hdc run: ", line, StringComparison.Ordinal);
        Assert.Contains(message, line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder.Sub("results")), "nothing is created for a run that cannot work");
    }

    [Fact]
    public async Task ASecondRunIntoAFolderWithALiveRunIsRefusedNamingItAndAKilledRunsLockIsNotLive()
    {
        var file = Sweeps.Write(folder, Sweeps.TinyYaml("live", Sweeps.Seeds(4)).Replace("epochs: 1", "epochs: 200", StringComparison.Ordinal) + "fuse: off\n");
        var results = folder.Sub("results");
        using var live = HdcProcess.Start(folder.Path, "run", file, "--out", results);
        await live.WaitUntilAsync(() => File.Exists(Path.Combine(results, "live", "status.json")), "a running sweep");

        var second = await HdcProcess.RunAsync(folder.Path, "run", file, "--out", results);

        Assert.True(second.ExitCode == 2, second.Describe());
        Assert.Contains($"a run of sweep live is live in '{Path.Combine(results, "live")}' (process {live.Id} on {Environment.MachineName}", second.Stderr, StringComparison.Ordinal);
        Assert.False(live.HasExited, "the live run goes on");

        live.Kill();
        await live.WaitAsync(TimeSpan.FromSeconds(30));
        var afterKill = HdcProcess.Start(folder.Path, "run", file, "--out", results);
        using (afterKill)
        {
            await afterKill.WaitUntilAsync(() => afterKill.Text.Contains("4 cells on cpu", StringComparison.Ordinal), "the run after the kill starting");
            Assert.DoesNotContain("is live", afterKill.Text, StringComparison.Ordinal);
        }
    }

    public void Dispose() => folder.Dispose();
}
