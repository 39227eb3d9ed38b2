using System.Text.Json;
using System.Text.RegularExpressions;
using HdCluster.Data;

namespace HdCluster.Cli.Tests;

/// <summary><c>hdc run</c> on the CPU without <c>--slots</c> measures how to share the cores, says so, keeps the
/// measurement for the next run, and never lets slots x threads exceed the cores.</summary>
public sealed partial class RunSlotPlanTests : IDisposable
{
    private const string Sweep = """
        name: planned
        fixed:
          model: logreg
          steps: 1
          batch_size: 16
          train_limit: 32
          valid_limit: 32
          dtype: float32
        grid:
          optimizer: ["sgd(lr={a})"]
          a: [0.01, 0.02]
        fuse: off
        """;

    private readonly TempFolder work = new();
    private readonly string data = new DataRootResolver().Resolve(null, null).Path;
    private readonly string sweepFile;

    public RunSlotPlanTests()
    {
        sweepFile = Path.Combine(work.Path, "planned.yaml");
        File.WriteAllText(sweepFile, Sweep);
    }

    private string CacheFile => Path.Combine(work.Path, "cache", "hdcluster", "slot-plans.json");

    public void Dispose() => work.Dispose();

    [Fact]
    public void Without_slots_the_run_measures_its_plan_says_it_and_never_oversubscribes_the_cores()
    {
        var run = Run("first");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Matches(PlanLine(), run.Stdout);
        var plan = LoggedPlan("first");
        Assert.Equal(Environment.ProcessorCount, plan.Cores);
        Assert.InRange(plan.Slots * plan.Threads, 1, plan.Cores);
        Assert.Contains("steps/s", plan.Reason, StringComparison.Ordinal);
        Assert.True(File.Exists(CacheFile), "the measured plan is kept for the next run");
    }

    [Fact]
    public void Slots_given_override_the_planner_and_share_the_cores_among_them()
    {
        var run = Run("given", "--slots", "1");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains($"1 slot x {Environment.ProcessorCount} thread", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("--slots 1", run.Stdout, StringComparison.Ordinal);
        Assert.Equal((1, Environment.ProcessorCount), (LoggedPlan("given").Slots, LoggedPlan("given").Threads));
        Assert.False(File.Exists(CacheFile), "nothing is measured when the user chose");
    }

    [Fact]
    public void A_rerun_takes_the_kept_plan_instead_of_measuring_again()
    {
        Assert.Equal(0, Run("first").ExitCode);
        var kept = File.ReadAllText(CacheFile);
        File.WriteAllText(CacheFile, Regex.Replace(kept, "\"reason\": \"measured [^\"]*\"", "\"reason\": \"measured KEPT-MARKER\""));

        var again = Run("second");

        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Contains("measured KEPT-MARKER (measured before on this CPU", again.Stdout, StringComparison.Ordinal);
        Assert.Contains("KEPT-MARKER", LoggedPlan("second").Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_cache_file_is_ignored_with_a_warning_and_replaced()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(CacheFile)!);
        File.WriteAllText(CacheFile, "{ \"logreg|default\": [ not json");

        var run = Run("corrupt");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains($"the slot plan cache {CacheFile} is ignored", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.Matches(PlanLine(), run.Stdout);
        using var rewritten = JsonDocument.Parse(File.ReadAllText(CacheFile));
        Assert.Single(rewritten.RootElement.EnumerateObject());
    }

    [Fact]
    public void A_sweep_mixing_shapes_is_planned_for_the_shape_most_of_its_cells_have()
    {
        File.WriteAllText(sweepFile, Sweep.Replace("  a: [0.01, 0.02]", "  a: [0.01, 0.02, 0.03]\ncells:\n  - {model: mlp, hidden: [8], optimizer: \"adam(lr=0.001)\"}", StringComparison.Ordinal));

        var run = Run("mixed");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("planned for the most common shape, logreg with sgd(lr=0.01) (3 of 4 cells)", run.Stdout, StringComparison.Ordinal);
        Assert.InRange(LoggedPlan("mixed").Slots * LoggedPlan("mixed").Threads, 1, Environment.ProcessorCount);
    }

    private CliOutcome Run(string output, params string[] more)
    {
        using var hdc = HdcProcess.Start(
            work.Path,
            new Dictionary<string, string> { ["XDG_CACHE_HOME"] = Path.Combine(work.Path, "cache") },
            ["run", sweepFile, "--out", Path.Combine(work.Path, output), "--data", data, .. more]);
        return new CliOutcome(hdc.WaitForExit(HdcProcess.Bound), hdc.Stdout, hdc.Stderr);
    }

    private (int Slots, int Threads, int Cores, string Reason) LoggedPlan(string output)
    {
        var log = File.ReadLines(Path.Combine(work.Path, output, "planned", "log.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Single(e => e.GetProperty("@mt").GetString()!.StartsWith("Slot plan:", StringComparison.Ordinal));
        return (log.GetProperty("Slots").GetInt32(), log.GetProperty("Threads").GetInt32(), log.GetProperty("Cores").GetInt32(), log.GetProperty("Reason").GetString()!);
    }

    [GeneratedRegex(@"\d+ slots? x \d+ threads?: measured")]
    private static partial Regex PlanLine();
}
