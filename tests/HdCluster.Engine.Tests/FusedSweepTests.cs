using System.Globalization;
using HdCluster.Results;
using HdCluster.Sweeps;

namespace HdCluster.Engine.Tests;

/// <summary>
/// The engine trains compatible cells as fused groups (<c>fuse: auto</c>, the default) and writes for each cell
/// the same rows as when every cell trains alone, plus its group's id; a group stopped mid-run leaves nothing
/// behind and a rerun finishes each of its cells once.
/// </summary>
public sealed class FusedSweepTests : IDisposable
{
    /// <summary>float64, so fused and alone agree far below the tolerance: the Baydin family (merged into one group
    /// per structure), seeds that differ (each cell gathers its own batch), a tower pair and a lone MLP.</summary>
    private const string Yaml = """
        name: fused
        fixed:
          model: logreg
          epochs: 2
          train_limit: 1000
          valid_limit: 500
          record_every: 2
          dtype: float64
        grid:
          optimizer:
            - "sgd(lr={alpha_0}, wd=1e-4)"
            - "sgd_hd(lr={alpha_0}, beta=0.001)"
            - "sgdn_hd(lr={alpha_0}, beta=0.001, mu=0.9)"
            - "adam(lr={alpha_0})"
            - "adam_hd(lr={alpha_0}, beta=1e-7)"
          alpha_0: [0.01, 0.001]
          seed: [1, 2]
        cells:
          - {optimizer: "sgd(0.01) / sgd(0.001)"}
          - {optimizer: "sgd(0.02) / sgd(0.001)", seed: 3}
          - {model: mlp_tanh, hidden: [16], optimizer: "sgd(0.1)"}
        """;

    private const double Tolerance = 1e-9;

    // Columns that say where and when, not what was computed.
    private static readonly HashSet<string> Circumstantial = new(StringComparer.OrdinalIgnoreCase)
    {
        "attempt", "_part", "group_id", "wall_seconds", "examples_per_second", "finished_at", "worker", "host", "device",
    };

    private readonly TempFolder folder = new();

    [Fact]
    public async Task FusedGroupsWriteTheRowsOfCellsTrainedAloneWithTheirGroupId()
    {
        var sweep = Sweeps.Load(folder, Yaml);
        var fusedRun = await SweepRuns.RunAsync(sweep, folder.Sub("fused"));
        var aloneRun = await SweepRuns.RunAsync(sweep with { Fuse = FuseSetting.Off }, folder.Sub("alone"));

        Assert.Equal((23, 0, 0), (fusedRun.Summary.Completed, fusedRun.Summary.Diverged, fusedRun.Summary.Failed));
        Assert.Equal(23, aloneRun.Summary.Completed);
        Assert.Empty(aloneRun.Observer.GroupsStarted);

        // sgd, sgd_hd and sgdn_hd run one program, adam and adam_hd another; the towers a third; the MLP is alone.
        var groups = fusedRun.Observer.GroupsStarted.ToList();
        Assert.Equal([12, 8, 2], groups.Select(g => g.CellIds.Count).Order().Reverse());
        var mlp = sweep.Cells.Single(c => c.Config.Model == "mlp_tanh").Id;
        Assert.Equal(sweep.Cells.Select(c => c.Id).Order(StringComparer.Ordinal), fusedRun.Observer.CellsStarted.Select(s => s.CellId).Order(StringComparer.Ordinal));

        var fused = new ParquetReader(fusedRun.Summary.ResultsFolder);
        var alone = new ParquetReader(aloneRun.Summary.ResultsFolder);
        var groupOf = fused.Query("SELECT cell_id, group_id FROM {cells}").Rows.ToDictionary(r => (string)r[0]!, r => (string?)r[1]);
        foreach (var g in groups)
        {
            Assert.All(g.CellIds, id => Assert.Equal(g.GroupId, groupOf[id]));
            Assert.Equal(SweepFusion.GroupId(g.CellIds.Select(id => sweep.Cells.Single(c => c.Id == id)).ToList()), g.GroupId);
        }

        Assert.Null(groupOf[mlp]);
        Assert.All(alone.Column<string?>("SELECT group_id FROM {cells}"), Assert.Null);

        AssertSameRows(alone.Query("SELECT * FROM {cells}"), fused.Query("SELECT * FROM {cells}"), "cell_id");
        AssertSameRows(alone.Query("SELECT * FROM {curves}"), fused.Query("SELECT * FROM {curves}"), "cell_id", "kind", "step");
    }

    [Fact]
    public async Task AGroupStoppedMidRunWritesNoneOfItsCellsAndARerunFinishesEachOnce()
    {
        // 800 steps, so that the stop, sent at the group's first progress report, lands long before the group's end
        // even when the coordinator reads its mailbox late on a loaded machine (20 epochs were not always enough).
        var yaml = Sweeps.TinyYaml("stop-group", Sweeps.Seeds(4)).Replace("epochs: 1", "epochs: 100", StringComparison.Ordinal);
        var sweep = Sweeps.Load(folder, yaml);

        var stopped = await SweepRuns.RunAsync(sweep, folder.Path, arrange: (observer, cancellation) =>
            observer.Progressed += _ => cancellation.Cancel());

        var group = Assert.Single(stopped.Observer.GroupsStarted);
        Assert.Equal(4, group.CellIds.Count);
        Assert.True(stopped.Summary.Stopped);
        Assert.Equal((0, 4), (stopped.Summary.Completed, stopped.Summary.NotRun));
        Assert.False(File.Exists(Path.Combine(stopped.Summary.ResultsFolder, "cells.parquet")) && new ParquetReader(stopped.Summary.ResultsFolder).CellIds().Count > 0, "a stopped group writes no cell");

        var rerun = await SweepRuns.RunAsync(sweep, folder.Path);

        Assert.Equal(4, rerun.Summary.Completed);
        var files = new ParquetReader(rerun.Summary.ResultsFolder);
        Assert.Equal(sweep.Cells.Select(c => c.Id).Order(StringComparer.Ordinal), files.CellIds());
        Assert.Empty(files.Query("SELECT cell_id FROM {curves} GROUP BY cell_id HAVING count(DISTINCT attempt) > 1").Rows);
        Assert.Single(files.Column<string?>("SELECT DISTINCT group_id FROM {cells}"));
    }

    [Fact]
    public async Task ACellThatDivergesInAGroupIsWrittenAsDivergedAndTheOthersMatchTheirRunsAlone()
    {
        // float64 overflows in the second step's logits at this rate.
        var yaml = Sweeps.TinyYaml("diverge-in-group", "{optimizer: \"sgd(lr=1e308)\"}", "{optimizer: \"sgd(0.01)\"}", "{optimizer: \"sgd(0.001)\"}");
        var sweep = Sweeps.Load(folder, yaml.Replace("model: logreg", "model: logreg\n  dtype: float64", StringComparison.Ordinal));

        var fusedRun = await SweepRuns.RunAsync(sweep, folder.Sub("fused"));
        var aloneRun = await SweepRuns.RunAsync(sweep with { Fuse = FuseSetting.Off }, folder.Sub("alone"));

        Assert.Single(fusedRun.Observer.GroupsStarted);
        Assert.Equal((2, 1), (fusedRun.Summary.Completed, fusedRun.Summary.Diverged));
        var fused = new ParquetReader(fusedRun.Summary.ResultsFolder);
        var alone = new ParquetReader(aloneRun.Summary.ResultsFolder);
        var row = fused.Query($"SELECT status, diverged_at_step, group_id FROM {{cells}} WHERE cell_id = '{sweep.Cells[0].Id}'").Rows.Single();
        Assert.Equal("diverged", row[0]);
        Assert.NotNull(row[2]);
        AssertSameRows(alone.Query("SELECT * FROM {cells}"), fused.Query("SELECT * FROM {cells}"), "cell_id");
        AssertSameRows(alone.Query("SELECT * FROM {curves}"), fused.Query("SELECT * FROM {curves}"), "cell_id", "kind", "step");
    }

    [Fact]
    public async Task AGroupThatFailsGivesItsCellsBackToRunAloneAndEachCompletes()
    {
        var sweep = Sweeps.Tiny(folder, "group-fails", Sweeps.Seeds(3));

        var run = await SweepRuns.RunAsync(sweep, folder.Path, beforeGroupTrains: _ => throw new InvalidOperationException("CUDA out of memory (simulated)"));

        var group = Assert.Single(run.Observer.GroupsStarted);
        Assert.Contains(run.Observer.CellsFinished, f => f.CellId == group.GroupId && f.Status == "retrying alone" && f.Detail!.Contains("out of memory", StringComparison.Ordinal));
        Assert.Equal((3, 0, 0), (run.Summary.Completed, run.Summary.Diverged, run.Summary.Failed));
        Assert.Equal(sweep.Cells.Select(c => (c.Id, 2)).Order(), run.Observer.CellsStarted.Where(s => s.Attempt == 2).Select(s => (s.CellId, s.Attempt)).Order());
        var files = new ParquetReader(run.Summary.ResultsFolder);
        Assert.Equal(sweep.Cells.Select(c => c.Id).Order(StringComparer.Ordinal), files.CellIds());
        Assert.All(files.Query("SELECT group_id, attempts, status FROM {cells}").Rows, r => Assert.Equal([null, 2L, "completed"], r));
        Assert.Contains(run.Log.At(Serilog.Events.LogEventLevel.Warning), m => m.Contains("run again alone", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AGroupThatFailsOnItsLastAttemptWritesEachCellAsFailedWithTheError()
    {
        var sweep = Sweeps.Tiny(folder, "group-gives-up", Sweeps.Seeds(2));

        var run = await SweepRuns.RunAsync(sweep, folder.Path, maxAttempts: 1, beforeGroupTrains: _ => throw new InvalidOperationException("simulated"));

        Assert.Equal((0, 2), (run.Summary.Completed, run.Summary.Failed));
        var files = new ParquetReader(run.Summary.ResultsFolder);
        Assert.All(files.Query("SELECT status, error FROM {cells}").Rows, r => Assert.Equal("failed", r[0]));
        Assert.All(files.Column<string>("SELECT error FROM {cells}"), e => Assert.Contains("simulated", e, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheFuseFlagOverridesTheSweepFileAndABadValueIsRefused()
    {
        var file = Sweeps.Write(folder, Sweeps.TinyYaml("flag", Sweeps.Seeds(2)));

        var off = await HdcProcess.RunAsync(folder.Path, "run", file, "--out", folder.Sub("off"), "--fuse", "off");
        var auto = await HdcProcess.RunAsync(folder.Path, "run", file, "--out", folder.Sub("auto"));
        var bad = await HdcProcess.RunAsync(folder.Path, "run", file, "--out", folder.Sub("bad"), "--fuse", "0");

        Assert.True(off.ExitCode == 0, off.Describe());
        Assert.True(auto.ExitCode == 0, auto.Describe());
        Assert.All(new ParquetReader(folder.Sub("off", "flag")).Column<string?>("SELECT group_id FROM {cells}"), Assert.Null);
        Assert.Single(new ParquetReader(folder.Sub("auto", "flag")).Column<string?>("SELECT DISTINCT group_id FROM {cells} WHERE group_id IS NOT NULL"));
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("--fuse: expected auto, off or a whole number of at least 1", bad.Stderr + bad.Stdout, StringComparison.Ordinal);
    }

    // Every row of `expected` has a row in `actual` with the same key, and the same values in every column that is
    // not circumstantial: numbers to a relative 1e-9, everything else exactly.
    private static void AssertSameRows(QueryResult expected, QueryResult actual, params string[] key)
    {
        Assert.Equal(expected.Rows.Count, actual.Rows.Count);
        var columns = expected.Columns.Select(c => c.Name).Where(n => !Circumstantial.Contains(n)).ToList();
        Assert.Equal(columns.Order(StringComparer.Ordinal), actual.Columns.Select(c => c.Name).Where(n => !Circumstantial.Contains(n)).Order(StringComparer.Ordinal));
        string Key(QueryResult r, IReadOnlyList<object?> row) => string.Join("|", key.Select(k => Convert.ToString(row[r.IndexOf(k)], CultureInfo.InvariantCulture)));
        var byKey = actual.Rows.ToDictionary(r => Key(actual, r));
        foreach (var row in expected.Rows)
        {
            var k = Key(expected, row);
            Assert.True(byKey.TryGetValue(k, out var other), $"no row {k}");
            foreach (var column in columns)
            {
                var a = row[expected.IndexOf(column)];
                var b = other[actual.IndexOf(column)];
                if (a is double x && b is double y)
                {
                    Assert.True(Math.Abs(x - y) <= Tolerance * Math.Max(Math.Abs(x), Math.Abs(y)), $"{k} {column}: alone {x:R}, fused {y:R}");
                }
                else
                {
                    Assert.True(Equals(a, b), $"{k} {column}: alone {a}, fused {b}");
                }
            }
        }
    }

    public void Dispose() => folder.Dispose();
}
