using HdCluster.Sweeps;
using Serilog.Events;

namespace HdCluster.Engine.Tests;

/// <summary>One small sweep run to its end, once on one slot and once on two: what it reports and what it leaves in
/// <c>cells.parquet</c> and <c>curves.parquet</c>, read back with DuckDB's own Parquet reader.</summary>
public sealed class CompletedSweepTests(CompletedSweepTests.Runs runs) : IClassFixture<CompletedSweepTests.Runs>
{
    /// <summary>Four Baydin cells (a grid with a template variable) and one two-level tower: 2 epochs of 8 steps,
    /// a step record every 2 steps, so 8 step records and 3 epoch records (0, 1, 2) a cell.</summary>
    private const string Yaml = """
        name: small
        fixed:
          model: logreg
          epochs: 2
          train_limit: 1000
          valid_limit: 500
          record_every: 2
        grid:
          optimizer: ["sgd(lr={alpha_0})", "sgd_hd(lr={alpha_0}, beta=0.001)"]
          alpha_0: [0.01, 0.001]
        cells:
          - {optimizer: "sgd(0.01) / sgd(0.001)"}
        """;

    public sealed class Runs : IAsyncLifetime
    {
        private readonly TempFolder folder = new();

        public Sweep Sweep { get; private set; } = null!;

        public Dictionary<int, SweepRun> BySlots { get; } = [];

        public Dictionary<int, ParquetReader> Files { get; } = [];

        public async Task InitializeAsync()
        {
            Sweep = Sweeps.Load(folder, Yaml);
            foreach (var slots in new[] { 1, 2 })
            {
                var root = folder.Sub($"results-{slots}");
                BySlots[slots] = await SweepRuns.RunAsync(Sweep, root, slots);
                Files[slots] = new ParquetReader(Path.Combine(root, Sweep.Name));
            }
        }

        public Task DisposeAsync()
        {
            folder.Dispose();
            return Task.CompletedTask;
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void EveryCellCompletesAndTheSummarySaysSo(int slots)
    {
        var run = runs.BySlots[slots];

        Assert.Equal(5, runs.Sweep.Cells.Count);
        Assert.Equal((5, 0, 5, 0, 0, 0, false, null), (run.Summary.Total, run.Summary.Skipped, run.Summary.Completed, run.Summary.Diverged, run.Summary.Failed, run.Summary.NotRun, run.Summary.Stopped, run.Summary.Fault));
        Assert.Equal((5, 0), (run.Observer.Started!.Value.Total, run.Observer.Started.Value.AlreadyDone));
        Assert.Equal(slots, run.Observer.Started.Value.Workers.Count);
        Assert.Empty(run.Log.At(LogEventLevel.Error));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void CellsHoldEveryCellOfTheSweepExactlyOnce(int slots)
    {
        var files = runs.Files[slots];

        Assert.Equal(5, files.Count("SELECT count(*) FROM {cells}"));
        Assert.Equal(runs.Sweep.Cells.Select(c => c.Id).Order(StringComparer.Ordinal), files.CellIds());
        Assert.Empty(files.Query("SELECT cell_id, count(*) FROM {cells} GROUP BY cell_id HAVING count(*) > 1").Rows);
        Assert.Equal(["completed"], files.Column<string>("SELECT DISTINCT status FROM {cells}"));
        Assert.Equal([1L], files.Column<long>("SELECT DISTINCT attempts FROM {cells}"));
    }

    [Fact]
    public void TwoSlotsTrainOnTwoWorkers()
    {
        var files = runs.Files[2];

        Assert.Equal(["worker-cpu-0", "worker-cpu-1"], files.Column<string>("SELECT DISTINCT worker FROM {cells} ORDER BY worker"));
        Assert.Equal(["cpu"], files.Column<string>("SELECT DISTINCT device FROM {cells}"));
    }

    [Theory]
    [InlineData("cell_id", "VARCHAR")]
    [InlineData("attempt", "VARCHAR")]
    [InlineData("sweep", "VARCHAR")]
    [InlineData("status", "VARCHAR")]
    [InlineData("optimizer", "VARCHAR")]
    [InlineData("batch_size", "BIGINT")]
    [InlineData("seed", "BIGINT")]
    [InlineData("epochs", "BIGINT")]
    [InlineData("steps_done", "BIGINT")]
    [InlineData("epochs_done", "BIGINT")]
    [InlineData("attempts", "BIGINT")]
    [InlineData("final_train_loss", "DOUBLE")]
    [InlineData("final_valid_loss", "DOUBLE")]
    [InlineData("final_valid_accuracy", "DOUBLE")]
    [InlineData("wall_seconds", "DOUBLE")]
    [InlineData("normalize", "BOOLEAN")]
    [InlineData("finished_at", "TIMESTAMP")]
    [InlineData("L1.lr", "DOUBLE")]
    [InlineData("alpha_0", "DOUBLE")]

    // Null in every row of this sweep, and still typed as declared.
    [InlineData("hidden", "VARCHAR")]
    [InlineData("error", "VARCHAR")]
    [InlineData("diverged_at_step", "BIGINT")]
    [InlineData("diverged_quantity", "VARCHAR")]
    [InlineData("steps_budget", "BIGINT")]
    [InlineData("wall_seconds_budget", "DOUBLE")]
    public void CellsColumnsHaveTheirTypes(string column, string type)
    {
        Assert.Equal(type, runs.Files[2].Types("cells")[column]);
    }

    [Theory]
    [InlineData("cell_id", "VARCHAR")]
    [InlineData("attempt", "VARCHAR")]
    [InlineData("kind", "VARCHAR")]
    [InlineData("step", "BIGINT")]
    [InlineData("epoch", "BIGINT")]
    [InlineData("loss", "DOUBLE")]
    [InlineData("valid_loss", "DOUBLE")]
    [InlineData("valid_accuracy", "DOUBLE")]
    [InlineData("L1.lr", "DOUBLE")]
    [InlineData("L2.alpha", "DOUBLE")]
    public void CurvesColumnsHaveTheirTypes(string column, string type)
    {
        Assert.Equal(type, runs.Files[2].Types("curves")[column]);
    }

    [Fact]
    public void HyperparameterColumnsCarryTheNamesTheOptimizersRecord()
    {
        var files = runs.Files[2];
        var tower = runs.Sweep.Cells.Single(c => c.Config.Optimizer.Contains('/', StringComparison.Ordinal)).Id;

        // Baydin's one-level optimizers record L1.lr; the tower records each level's alpha.
        Assert.Equal(4, files.Count("SELECT count(\"L1.lr\") FROM {cells}"));
        Assert.Equal([tower], files.Column<string>("SELECT cell_id FROM {cells} WHERE \"L2.alpha\" IS NOT NULL"));
        Assert.Equal([0.001, 0.001, 0.01, 0.01], files.Column<double>("SELECT alpha_0 FROM {cells} WHERE alpha_0 IS NOT NULL ORDER BY alpha_0"));

        // A plain SGD cell keeps its step size: its recorded L1.lr is the alpha_0 it started from (in float32).
        Assert.Equal(2, files.Count("SELECT count(*) FROM {cells} WHERE optimizer LIKE 'sgd(lr=%' AND abs(\"L1.lr\" / alpha_0 - 1) < 1e-6"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void CurvesHoldEachCellsStepAndEpochRecordsOfOneAttempt(int slots)
    {
        var files = runs.Files[slots];

        Assert.Equal(5 * (8 + 3), files.Count("SELECT count(*) FROM {curves}"));
        var perCell = files.Query("""
            SELECT c.cell_id, count(*) FILTER (WHERE k.kind = 'step'), count(*) FILTER (WHERE k.kind = 'epoch'),
                   count(DISTINCT k.attempt), bool_and(k.attempt = c.attempt), max(c.steps_done), max(c.epochs_done)
            FROM {cells} AS c JOIN {curves} AS k USING (cell_id) GROUP BY c.cell_id
            """).Rows;

        Assert.Equal(5, perCell.Count);
        Assert.All(perCell, r => Assert.Equal([8L, 3L, 1L, true, 16L, 2L], r.Skip(1)));
    }

    [Fact]
    public void AStepRecordComesEveryRecordEverySteps()
    {
        var steps = runs.Files[2].Column<long>($"SELECT step FROM {{curves}} WHERE kind = 'step' AND cell_id = '{runs.Sweep.Cells[0].Id}' ORDER BY step");

        Assert.Equal([2L, 4, 6, 8, 10, 12, 14, 16], steps);
    }
}
